import { Aws, Duration, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeFindings, LOG_GROUP_ENCRYPTION, objectArnFinding } from './analyzer-acknowledgement';
import { PresignEnv } from './handler/environment';
import { PresignHandlerFunction } from './presign-handler-function';
import type { ResolvedConfig } from './resolve-config';
import { grantPutObjects } from './secure-bucket';

/**
 * The presign Lambda: the pre-bundled handler on Node.js 22 / arm64, its
 * configuration in environment variables, its own log group, and a role that
 * may write to that log group and `s3:PutObject` under the upload prefix,
 * nothing else (a presigned POST is authorized with the signer's
 * permissions). The role is the construct's own instead of the L2 default,
 * whose AWSLambdaBasicExecutionRole managed policy may create log groups
 * and write to any of them.
 */
export function createPresignFunction(
  scope: Construct,
  id: string,
  config: ResolvedConfig,
  uploadBucket: s3.Bucket,
  encryptionKey?: IKey,
): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  acknowledgeFindings(logGroup.node.defaultChild as logs.CfnLogGroup, LOG_GROUP_ENCRYPTION);
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Presign function: write its own logs and sign uploads under the upload prefix',
  });
  logGroup.grantWrite(role);
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
    role,
    reservedConcurrentExecutions: config.reservedConcurrency,
  });
  grantPutObjects(uploadBucket, fn, `${config.uploadPrefix}*`);
  acknowledgeRoleDependsOn(fn);
  acknowledgeFunctionFindings(fn, role, config, uploadBucket);
  return fn;
}

/** What cdk-nag and checkov flag on the presign function that is a deliberate choice. */
function acknowledgeFunctionFindings(fn: lambda.Function, role: iam.Role, config: ResolvedConfig, uploadBucket: s3.Bucket): void {
  const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
  acknowledgeFindings(cfnFunction,
    {
      cdkNag: ['Serverless-LambdaDLQ'],
      checkov: ['CKV_AWS_116'],
      reason: 'API Gateway invokes the function synchronously and returns its errors to the caller; '
        + 'a dead-letter queue only ever receives failed asynchronous invocations.',
    },
    {
      cdkNag: ['Serverless-LambdaTracing'],
      reason: 'The handler makes no network or SDK call (it signs with node:crypto), so a trace would hold one segment; '
        + 'API Gateway access logs and the function logs already carry the request id.',
    },
    {
      cdkNag: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'],
      reason: 'The runtime is pinned to nodejs22.x, the runtime the bundled handler is built (esbuild target node22) '
        + 'and tested for; a newer runtime comes with a release of this construct, not with a newer aws-cdk-lib.',
    },
    {
      checkov: ['CKV_AWS_117'],
      reason: 'The function reaches no private resource (it only computes a signature), '
        + 'so a VPC would add ENIs and cold-start latency without isolating anything.',
    },
    {
      checkov: ['CKV_AWS_173'],
      reason: 'The environment holds the bucket name, key prefix and limits, no secret; '
        + 'Lambda encrypts it at rest with an AWS-managed key.',
    },
  );
  if (config.reservedConcurrency === undefined) {
    acknowledgeFindings(cfnFunction, {
      checkov: ['CKV_AWS_115'],
      reason: 'The HTTP API stage throttle bounds the request rate; reserved concurrency would take capacity from '
        + 'the account pool, so it is set only when presignReservedConcurrency is given.',
    });
  }
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as iam.CfnPolicy;
  acknowledgeFindings(policy, {
    cdkNag: ['AwsSolutions-IAM5'],
    cdkNagAppliesTo: [objectArnFinding(uploadBucket, `${config.uploadPrefix}*`)],
    reason: 'A presigned POST is authorized with the signer\'s permissions, and each upload gets a fresh key, '
      + 'so the role needs s3:PutObject on every key under the upload prefix; it has no other S3 action.',
  });
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
