/**
 * Example app: one PresignedUploadBucket with an upload handler that writes a
 * small JSON result for every upload. Synthesize it with `npx projen example`.
 */
import * as cdk from 'aws-cdk-lib';
import { App, CfnOutput, Duration, RemovalPolicy, Size, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cdkNag from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';
import { PresignedUploadBucket, UploadQuotas } from '../src';

/** What the upload handler does: record the upload's size, type and checksum as a result. */
export const PROCESSOR_SOURCE = `
const { S3Client, HeadObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  const { bucket, object } = event.detail;
  // Trusted: ContentLength (S3 counted the bytes), the CRC64NVME (S3 computed it from the bytes and compared it with
  // the one the page hashed and the endpoint signed), and ContentType, the uploaded-by metadata and the pinned
  // Cache-Control, Content-Disposition and Content-Encoding, which the presigned request signs. Not trusted:
  // that the bytes are of that type (sniff them before use), Content-Language and Expires (an uploader's choice).
  // A result is readable by anyone who has its URL, so it records no caller.
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket.name, Key: object.key, ChecksumMode: 'ENABLED' }));
  await s3.send(new PutObjectCommand({
    Bucket: process.env.RESULTS_BUCKET,
    Key: object.key + '.json',
    ContentType: 'application/json',
    Body: JSON.stringify({
      key: object.key, bytes: head.ContentLength, contentType: head.ContentType,
      crc64nvme: head.ChecksumCRC64NVME, checksumType: head.ChecksumType,
    }),
  }));
};
`;

export interface PresignedUploadExampleStackProps extends StackProps {
  /**
   * Delete the buckets and their objects with the stack, for short-lived
   * test deployments (the integ test). An application keeps the default.
   *
   * @default false: buckets and uploads outlive the stack
   */
  readonly disposable?: boolean;

  /**
   * Browser origins of the app's pages.
   *
   * @default the app's production origin and Vite's dev server, `http://localhost:5173`
   */
  readonly allowedOrigins?: string[];
}

export class PresignedUploadExampleStack extends Stack {
  /** The construct, for tests that drive the deployed stack. */
  public readonly uploads: PresignedUploadBucket;

  constructor(scope: Construct, id: string, props: PresignedUploadExampleStackProps = {}) {
    super(scope, id, props);

    const uploads = new PresignedUploadBucket(this, 'Uploads', {
      allowedOrigins: props.allowedOrigins ?? ['https://app.example.com', 'http://localhost:5173'],
      allowedContentTypes: ['image/*', 'application/pdf', 'video/*'],
      // Files above 100 MiB (Uppy's default threshold) go up as resumable multipart uploads.
      maxUploadSize: Size.gibibytes(2),
      // At most 100 GiB of new uploads a day from everyone together; per caller, the defaults.
      quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(100) }),
      ...(props.disposable ? { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true } : {}),
    });

    const processor = new lambda.Function(this, 'Processor', {
      description: 'Writes a JSON summary of every upload to the results bucket',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(PROCESSOR_SOURCE),
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { RESULTS_BUCKET: uploads.resultsBucket.bucketName },
    });
    uploads.addUploadHandler(processor);
    acknowledgeExampleProcessor(processor);
    this.uploads = uploads;

    new CfnOutput(this, 'PresignEndpointUrl', { value: uploads.presignEndpointUrl });
    new CfnOutput(this, 'ResultsBaseUrl', { value: uploads.resultsBaseUrl });
  }
}

/**
 * The processor is this example's own code, not the construct's: its
 * deliberate shortcuts are acknowledged here, for cfn-lint, cdk-nag and
 * checkov, the way an application would. (The construct acknowledges what
 * addUploadHandler grants it.)
 */
function acknowledgeExampleProcessor(processor: lambda.Function): void {
  const cfn = processor.node.defaultChild as lambda.CfnFunction;
  // The Lambda L2's DependsOn on its own role is redundant (cfn-lint W3005).
  cfn.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  cfn.addMetadata('checkov', {
    skip: [
      { id: 'CKV_AWS_116', comment: 'Example: a failed summary can be produced again from the upload.' },
      { id: 'CKV_AWS_117', comment: 'Example: the function reaches only S3 through its public endpoint.' },
      { id: 'CKV_AWS_115', comment: 'Example: each upload key is written once, so invocations are bounded by the presigns the API throttle allows.' },
      { id: 'CKV_AWS_173', comment: 'Example: the environment holds a bucket name only.' },
    ],
  });
  acknowledgeNagRules(processor, [
    {
      id: 'AwsSolutions-IAM4',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      reason: 'Example: the L2 default role with AWSLambdaBasicExecutionRole keeps the example short.',
    },
    { id: 'Serverless-LambdaDLQ', reason: 'Example: a failed summary can be produced again from the upload.' },
    { id: 'Serverless-LambdaTracing', reason: 'Example: two S3 calls per event; the function logs are enough.' },
    { id: 'AwsSolutions-L1', reason: 'Example: pinned to nodejs22.x like the presign function; newer aws-cdk-lib releases know newer runtimes.' },
    { id: 'Serverless-LambdaLatestVersion', reason: 'Example: pinned to nodejs22.x like the presign function.' },
  ]);
}

/**
 * Acknowledges cdk-nag rules on `scope` and everything under it, the way the
 * installed cdk-nag reads them: cdk-nag 3 through CDK's own
 * `Validations.of(scope).acknowledge(...)` (aws-cdk-lib 2.257 and later),
 * cdk-nag 2 through `NagSuppressions`. An application on one cdk-nag major
 * needs only its branch.
 */
export function acknowledgeNagRules(scope: IConstruct, rules: NagAcknowledgement[]): void {
  type Nag2 = { NagSuppressions?: { addResourceSuppressions(scope: IConstruct, rules: object[], children: boolean): void } };
  const nag2 = (cdkNag as Nag2).NagSuppressions;
  if (nag2 !== undefined) {
    nag2.addResourceSuppressions(scope, rules, true);
    return;
  }
  // cdk-nag 3 names each finding of a granular rule as `Rule[finding]`.
  const ids = rules.flatMap((rule) => (rule.appliesTo ?? ['']).map((finding) => ({
    id: finding === '' ? rule.id : `${rule.id}[${finding}]`,
    reason: rule.reason,
  })));
  (cdk as unknown as { Validations: { of(scope: IConstruct): { acknowledge(...r: object[]): void } } }).Validations.of(scope).acknowledge(...ids);
}

/** One cdk-nag acknowledgement; `appliesTo` lists the exact findings of a granular rule. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: string[];
}

/** Builds the example app; `outdir` is where the cloud assembly goes. */
export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new PresignedUploadExampleStack(app, 'PresignedUploadExample', { env: { region: 'eu-west-1' } });
  return app;
}
