import { Aws, Duration, type RemovalPolicy, Stack, Tokenization } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFindings, LOG_GROUP_ENCRYPTION, objectArnFinding } from './analyzer-acknowledgement';
import { CallerKey } from './caller-key';
import { PRESIGN_API_BUNDLE_DIR } from './handler-bundle';
import { grantMultipartSteps, grantPutObjects } from './object-grants';
import type { MultipartSettings } from '../shared/multipart-settings';
import { PresignEnv } from '../shared/presign-environment';
import type { QuotaLimitSettings } from '../shared/quota-limits';

/** Props of {@link PresignFunction}. */
export interface PresignFunctionProps {
  readonly uploadBucket: s3.IBucket;
  /** The buckets' KMS key, with `UploadEncryption.kms()`. */
  readonly encryptionKey?: IKey;
  /** Key prefix of every upload (may be empty). */
  readonly uploadPrefix: string;
  /** Largest accepted upload, in bytes. */
  readonly maxBytes: number;
  /** Lifetime of a presigned URL, in seconds. */
  readonly expiresSeconds: number;
  /** Accepted content types (`type/subtype` or `type/*`); any safe type when undefined. */
  readonly allowedContentTypes?: string[];
  /** Where the handler finds the caller (`jwt` or `iam`); no caller when undefined. */
  readonly callerSource?: string;
  /** How files are uploaded in parts; multipart is off when undefined. */
  readonly multipart?: MultipartSettings;
  /** Presign for the bucket's Transfer Acceleration endpoint. */
  readonly transferAcceleration: boolean;
  /** Node.js 22 or later. */
  readonly runtime: lambda.Runtime;
  /** Whether the user chose the runtime (the acknowledgements say so). */
  readonly runtimeChosen: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly reservedConcurrency?: number;
  /** The quotas and the table that counts them, when quotas are on. */
  readonly quotas?: { readonly table: dynamodb.ITable; readonly limits: QuotaLimitSettings };
}

/**
 * The presign Lambda: the pre-bundled handler on Node.js 22 or the chosen newer runtime, arm64, its
 * configuration in environment variables, its own log group, and a role that
 * may write to that log group and `s3:PutObject` under the upload prefix,
 * nothing else (a presigned URL is authorized with the signer's
 * permissions). The role is the construct's own instead of the L2 default,
 * whose AWSLambdaBasicExecutionRole managed policy may create log groups
 * and write to any of them.
 */
export class PresignFunction extends Construct {
  public readonly function: lambda.Function;
  /** The secret behind callers' key segments, where keys are per caller. */
  public readonly callerKey?: CallerKey;

  constructor(scope: Construct, id: string, props: PresignFunctionProps) {
    super(scope, id);
    const { uploadBucket, encryptionKey } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    acknowledgeFindings(logGroup.node.defaultChild as logs.CfnLogGroup, LOG_GROUP_ENCRYPTION);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Presign function: write its own logs and sign uploads under the upload prefix',
    });
    logGroup.grantWrite(role);
    // The caller key names callers in keys and, with quotas, their counters.
    this.callerKey = props.callerSource === undefined && props.quotas === undefined
      ? undefined
      : new CallerKey(this, 'CallerKey', { encryptionKey, removalPolicy: props.removalPolicy });
    this.function = new lambda.Function(this, 'Resource', {
      runtime: props.runtime,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(PRESIGN_API_BUNDLE_DIR),
      description: 'Presigns browser uploads (SigV4 presigned PUT) to the upload bucket',
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: presignEnvironment(this, props, this.callerKey),
      logGroup,
      role,
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
    grantPutObjects(uploadBucket, this.function, `${props.uploadPrefix}*`);
    if (props.multipart !== undefined) {
      grantMultipartSteps(uploadBucket, this.function, `${props.uploadPrefix}*`);
    }
    if (props.quotas !== undefined) grantQuotaCounting(this.function, props.quotas.table);
    acknowledgeFunctionFindings(this.function, role, props);
  }
}

/**
 * Lets the function count quotas: `dynamodb:UpdateItem` on the table, no
 * other action. When the table is encrypted with the construct's key,
 * DynamoDB uses that key on the caller's behalf, so the role may also
 * `kms:Decrypt` with it, through DynamoDB only (`kms:ViaService`).
 */
function grantQuotaCounting(fn: lambda.Function, table: dynamodb.ITable): void {
  iam.Grant.addToPrincipal({ grantee: fn, actions: ['dynamodb:UpdateItem'], resourceArns: [table.tableArn] });
  if (table.encryptionKey !== undefined) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [table.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` } },
    }));
  }
}

/** The configuration the handler reads at cold start (the contract is `PresignEnv`). */
function presignEnvironment(scope: Construct, props: PresignFunctionProps, callerKey?: CallerKey): Record<string, string> {
  const environment: Record<string, string> = {
    [PresignEnv.BUCKET]: props.uploadBucket.bucketName,
    [PresignEnv.KEY_PREFIX]: props.uploadPrefix,
    [PresignEnv.MAX_BYTES]: Tokenization.stringifyNumber(props.maxBytes),
    [PresignEnv.EXPIRES_SECONDS]: Tokenization.stringifyNumber(props.expiresSeconds),
    [PresignEnv.URL_SUFFIX]: Aws.URL_SUFFIX,
  };
  if (props.allowedContentTypes !== undefined) {
    environment[PresignEnv.ALLOWED_CONTENT_TYPES] = JSON.stringify(props.allowedContentTypes);
  }
  if (props.encryptionKey !== undefined) {
    environment[PresignEnv.KMS_KEY_ARN] = props.encryptionKey.keyArn;
  }
  if (props.callerSource !== undefined) {
    environment[PresignEnv.CALLER_SOURCE] = props.callerSource;
  }
  if (callerKey !== undefined) {
    environment[PresignEnv.CALLER_KEY] = callerKey.environmentValue();
  }
  if (props.quotas !== undefined) {
    environment[PresignEnv.QUOTA_TABLE] = props.quotas.table.tableName;
    environment[PresignEnv.QUOTA_LIMITS] = Stack.of(scope).toJsonString(props.quotas.limits);
  }
  if (props.transferAcceleration) {
    environment[PresignEnv.TRANSFER_ACCELERATION] = 'true';
  }
  if (props.multipart !== undefined) {
    environment[PresignEnv.MULTIPART_THRESHOLD] = Tokenization.stringifyNumber(props.multipart.threshold);
    environment[PresignEnv.MULTIPART_PART_SIZE] = Tokenization.stringifyNumber(props.multipart.partSize);
  }
  return environment;
}

/** What cdk-nag and checkov flag on the presign function that is a deliberate choice. */
function acknowledgeFunctionFindings(fn: lambda.Function, role: iam.Role, props: PresignFunctionProps): void {
  const { uploadBucket } = props;
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
      reason: props.quotas === undefined
        ? 'The handler makes no network or SDK call (it signs with node:crypto), so a trace would hold one segment; '
          + 'API Gateway access logs and the function logs already carry the request id.'
        : 'Besides signing with node:crypto, the handler makes one or two DynamoDB UpdateItem calls to count quotas, '
          + 'bounded to a second; a failure is logged with its cause and counted (the Refusals metric, code QUOTA_UNAVAILABLE), '
          + 'and tracing would need an SDK or layer in a handler that has none.',
    },
    {
      cdkNag: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'],
      reason: props.runtimeChosen
        ? `The runtime is ${props.runtime.name}, chosen with presignRuntime; the bundled handler (esbuild target node22) `
          + 'runs on it, and moving to a newer runtime is a change of that prop.'
        : `The runtime is ${props.runtime.name}, the default, which the bundled handler is built (esbuild target node22) `
          + 'and tested for; set presignRuntime to lambda.Runtime.NODEJS_24_X or newer to move on.',
    },
    {
      checkov: ['CKV_AWS_117'],
      reason: props.quotas === undefined
        ? 'The function reaches no private resource (it only computes a signature), '
          + 'so a VPC would add ENIs and cold-start latency without isolating anything.'
        : 'The function reaches no private resource (it computes signatures and counts quotas at DynamoDB\'s regional endpoint), '
          + 'so a VPC would add ENIs, cold-start latency and a VPC endpoint without isolating anything.',
    },
    {
      cfnLint: ['W3005'],
      reason: 'The Lambda L2 adds a DependsOn on the function\'s role, which is also referenced through Fn::GetAtt; '
        + 'the redundant dependency is harmless.',
    },
    {
      checkov: ['CKV_AWS_173'],
      reason: (props.quotas === undefined
        ? 'The environment holds the bucket name, key prefix and limits and, where keys are per caller, the caller key, '
          + 'which only makes key segments opaque: whoever'
        : 'The environment holds the bucket name, key prefix, limits, quotas and quota table name, and the caller key, '
          + 'which only makes key segments and quota counter names opaque: whoever')
        + ' may read the function\'s configuration could link segments to callers they can name, but act as none of them, '
        + 'since ownership is checked against the authorizer\'s identity. Lambda encrypts the environment at rest with an AWS managed key.',
    },
  );
  if (props.reservedConcurrency === undefined) {
    acknowledgeFindings(cfnFunction, {
      checkov: ['CKV_AWS_115'],
      reason: 'The HTTP API stage throttle bounds the request rate; reserved concurrency would take capacity from '
        + 'the account pool, so it is set only when presignReservedConcurrency is given.',
    });
  }
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as iam.CfnPolicy;
  acknowledgeFindings(policy, {
    cdkNag: ['AwsSolutions-IAM5'],
    cdkNagFindings: [objectArnFinding(uploadBucket, `${props.uploadPrefix}*`)],
    reason: 'A presigned URL is authorized with the signer\'s permissions, and each upload gets a fresh key, so the role needs '
      + (props.multipart === undefined
        ? 's3:PutObject on every key under the upload prefix'
        : 'on every key under the upload prefix s3:PutObject (single uploads, and the start, parts and completion of multipart '
          + 'uploads), s3:ListMultipartUploadParts and s3:AbortMultipartUpload')
      + '; it has no other S3 action.',
  });
}
