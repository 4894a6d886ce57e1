import { Aws, Duration, Tokenization } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PresignEnv } from './handler/environment';
import { PresignHandlerFunction } from './presign-handler-function';
import type { ResolvedConfig } from './resolve-config';
import { grantPutObjects } from './secure-bucket';

/**
 * The presign Lambda: the pre-bundled handler on Node.js 22 / arm64, its
 * configuration in environment variables, its own log group, and permission
 * to `s3:PutObject` under the upload prefix only (a presigned POST is
 * authorized with the signer's permissions).
 */
export function createPresignFunction(
  scope: Construct,
  id: string,
  config: ResolvedConfig,
  uploadBucket: s3.IBucket,
  encryptionKey?: IKey,
): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  const environment: Record<string, string> = {
    [PresignEnv.BUCKET]: uploadBucket.bucketName,
    [PresignEnv.KEY_PREFIX]: config.uploadPrefix,
    [PresignEnv.MAX_BYTES]: Tokenization.stringifyNumber(config.maxBytes),
    [PresignEnv.EXPIRES_SECONDS]: Tokenization.stringifyNumber(config.expiresSeconds),
    [PresignEnv.URL_SUFFIX]: Aws.URL_SUFFIX,
  };
  if (config.allowedContentTypes !== undefined) {
    environment[PresignEnv.ALLOWED_CONTENT_TYPES] = JSON.stringify(config.allowedContentTypes);
  }
  if (encryptionKey !== undefined) {
    environment[PresignEnv.KMS_KEY_ARN] = encryptionKey.keyArn;
  }
  if (config.auth.keysBySubject) {
    environment[PresignEnv.KEY_BY_SUBJECT] = 'true';
  }
  const fn = new PresignHandlerFunction(scope, id, {
    description: 'Presigns browser uploads (SigV4 POST policy) for the upload bucket',
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: Duration.seconds(10),
    environment,
    logGroup,
    reservedConcurrentExecutions: config.reservedConcurrency,
  });
  grantPutObjects(uploadBucket, fn, `${config.uploadPrefix}*`);
  acknowledgeRoleDependsOn(fn);
  return fn;
}

/**
 * The Lambda L2 adds a DependsOn on its service role although the role is
 * already referenced through Fn::GetAtt; cfn-lint reports the redundancy as
 * W3005. It is harmless, so the function records the acknowledgement in its
 * template metadata, where every consumer's cfn-lint run picks it up.
 */
function acknowledgeRoleDependsOn(fn: lambda.Function): void {
  (fn.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
}
