import type { IConstruct } from 'constructs';

/*
 * aws-cdk-lib marks the errors it throws for bad props with these global
 * symbols, and its public `Errors.isValidationError` (in newer releases)
 * recognizes an error by them. Its own ValidationError class is not public
 * API, in the oldest aws-cdk-lib this package supports or later.
 */
const CONSTRUCT_ERROR = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR = Symbol.for('@aws-cdk/core.ValidationError');

/**
 * Bad props or method arguments, found at synth. The message says where
 * (`at path [Stack/Uploads]`), since that is what every jsii language
 * shows; `constructPath` says it too, as on aws-cdk-lib's ValidationError,
 * and `Errors.isValidationError` is true for it where aws-cdk-lib has that.
 */
export class ValidationError extends Error {
  /** The path of the construct whose props or method call are wrong. */
  public readonly constructPath: string;

  /**
   * @param subject what is wrong, before the path: `Invalid PresignedUploadBucket props`, or a method's name
   * @param detail the problems, after a colon
   */
  constructor(subject: string, detail: string, scope: IConstruct) {
    super(`${subject} at path [${scope.node.path}]:${detail.startsWith('\n') ? '' : ' '}${detail}`);
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
    Object.defineProperty(this, CONSTRUCT_ERROR, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }

  /** Always `validation`, as on aws-cdk-lib's construct errors. */
  public get type(): 'validation' {
    return 'validation';
  }
}
