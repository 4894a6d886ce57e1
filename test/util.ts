import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PresignedUploadBucket, type PresignedUploadBucketProps } from '../src';

/** Node.js 24: `Runtime.NODEJS_24_X` in newer aws-cdk-lib releases (2.276.0 has it); built by name at our floor, which lacks it. */
export const NODEJS_24: lambda.Runtime = (lambda.Runtime as unknown as { NODEJS_24_X?: lambda.Runtime }).NODEJS_24_X
  ?? new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS);

export const ORIGINS = ['https://app.example.com', 'http://localhost:5173'];

/**
 * A stack in eu-west-1 holding one PresignedUploadBucket. `props` may be a
 * function of the stack, for props that need constructs of their own.
 */
export function makeStack(props: Partial<PresignedUploadBucketProps> | ((stack: Stack) => Partial<PresignedUploadBucketProps>) = {}) {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const resolved = typeof props === 'function' ? props(stack) : props;
  const uploads = new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, ...resolved });
  return { app, stack, uploads, template: () => Template.fromStack(stack) };
}

/** The single resource of `type` in the template (fails if there are several). */
export function onlyResource(template: Template, type: string): any {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}
