import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './analyzer-acknowledgement';

/** Props of {@link CallerKey}. */
export interface CallerKeyProps {
  /** The construct's KMS key, with `UploadEncryption.kms()`; else Secrets Manager's AWS managed key. */
  readonly encryptionKey?: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The secret behind callers' key segments: 64 random letters and digits
 * (about 380 bits) that Secrets Manager generates at deployment, so that no
 * value appears in the template or the cloud assembly. The presign function
 * hashes each caller with it (HMAC-SHA256), so a key says nothing of who
 * uploaded. CloudFormation resolves it into the function's environment.
 *
 * The secret is not rotated: a new secret gives every caller a new segment,
 * so uploads in progress could no longer be continued by their caller.
 */
export class CallerKey extends Construct {
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: CallerKeyProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Resource', {
      description: `Keys the caller segment of upload keys of ${scope.node.path}; its value only makes key segments opaque`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    const cfnSecret = this.secret.node.defaultChild as secretsmanager.CfnSecret;
    acknowledgeFindings(cfnSecret, {
      cdkNag: ['AwsSolutions-SMG4'],
      reason: 'Rotating the caller key would give every caller a new key segment, so a caller could no longer continue, '
        + 'complete or abort an upload it started; the key only makes segments opaque, and ownership is checked against '
        + 'the authorizer\'s identity, so knowing it lets nobody act as another caller.',
    });
    if (props.encryptionKey === undefined) {
      acknowledgeFindings(cfnSecret, {
        checkov: ['CKV_AWS_149'],
        reason: 'With UploadEncryption.s3Managed() the construct creates no KMS key; Secrets Manager encrypts the caller key '
          + 'with its AWS managed key, and UploadEncryption.kms() encrypts it with the construct\'s key instead.',
      });
    }
  }

  /**
   * The value for the function's environment: a dynamic reference that
   * CloudFormation resolves at deployment, never the secret itself.
   */
  public environmentValue(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}
