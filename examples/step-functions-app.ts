/**
 * A media pipeline's first step, without a Lambda function: every new upload
 * starts a Step Functions workflow that reads the upload's size, type and
 * checksum (S3 HeadObject) and writes them as a JSON result (S3 PutObject),
 * both as AWS SDK service integrations. Events EventBridge can't deliver go
 * to a dead-letter queue.
 */
import { App, type CfnElement, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct, IConstruct } from 'constructs';
import { acknowledgeNagRules } from './app';
import { PresignedUploadBucket } from '../src';

export class StepFunctionsPipelineStack extends Stack {
  public readonly uploads: PresignedUploadBucket;
  public readonly pipeline: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const uploads = new PresignedUploadBucket(this, 'Uploads', { allowedOrigins: ['https://app.example.com'] });

    // The event's bucket and key, read as S3 reports them ("Object Created").
    const head = new tasks.CallAwsService(this, 'ReadUpload', {
      service: 's3',
      action: 'headObject',
      parameters: { 'Bucket.$': '$.detail.bucket.name', 'Key.$': '$.detail.object.key', 'ChecksumMode': 'ENABLED' },
      iamAction: 's3:GetObject',
      iamResources: [uploads.uploadBucket.arnForObjects(`${uploads.uploadPrefix}*`)],
      resultSelector: { 'bytes.$': '$.ContentLength', 'contentType.$': '$.ContentType', 'crc64nvme.$': '$.ChecksumCRC64NVME' },
      resultPath: '$.upload',
    });
    const write = new tasks.CallAwsService(this, 'WriteResult', {
      service: 's3',
      action: 'putObject',
      parameters: {
        'Bucket': uploads.resultsBucket.bucketName,
        'Key.$': "States.Format('{}.json', $.detail.object.key)",
        'ContentType': 'application/json',
        'Body': { 'key.$': '$.detail.object.key', 'bytes.$': '$.upload.bytes', 'contentType.$': '$.upload.contentType', 'crc64nvme.$': '$.upload.crc64nvme' },
      },
      iamAction: 's3:PutObject',
      iamResources: [uploads.resultsBucket.arnForObjects('*')],
    });

    const logGroup = new logs.LogGroup(this, 'PipelineLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.pipeline = new sfn.StateMachine(this, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(head.next(write)),
      stateMachineType: sfn.StateMachineType.EXPRESS,
      timeout: Duration.minutes(1),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL },
    });
    const undelivered = new sqs.Queue(this, 'Undelivered', {
      enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14),
    });
    uploads.onUpload('StartPipeline', { target: new targets.SfnStateMachine(this.pipeline, { deadLetterQueue: undelivered }) });
    this.uploads = uploads;

    // cdk-nag names each wildcard of its granular IAM5 rule; the buckets' logical ids are the stack's own.
    const arnOf = (bucket: IConstruct) => `<${this.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>`;
    acknowledgeNagRules(this.pipeline, [
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: [
          `Resource::${arnOf(uploads.uploadBucket)}/${uploads.uploadPrefix}*`,
          `Resource::${arnOf(uploads.resultsBucket)}/*`,
          'Resource::*',
        ],
        reason: 'Example: the workflow reads any upload and writes any result (keys are per upload), and X-Ray tracing needs "*".',
      },
    ]);
    acknowledgeNagRules(undelivered, [
      { id: 'AwsSolutions-SQS3', reason: 'Example: this queue is the dead-letter queue of the rule\'s target.' },
      { id: 'Serverless-SQSRedrivePolicy', reason: 'Example: this queue is the dead-letter queue of the rule\'s target.' },
    ]);
    // The example's other shortcuts, for checkov and cfn-lint, the way an application records them.
    (undelivered.node.defaultChild as sqs.CfnQueue).addMetadata('checkov', {
      skip: [{ id: 'CKV_AWS_27', comment: 'Example: SSE-SQS (SqsManagedSseEnabled) encrypts the queue; a customer managed key is optional.' }],
    });
    (logGroup.node.defaultChild as logs.CfnLogGroup).addMetadata('checkov', {
      skip: [{ id: 'CKV_AWS_158', comment: 'Example: CloudWatch Logs encrypts the log group with its own key.' }],
    });
    // The L2's DependsOn on its own role is redundant (cfn-lint W3005).
    (this.pipeline.node.defaultChild as sfn.CfnStateMachine).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  }
}

/** Builds the example; `outdir` is where the cloud assembly goes. */
export function buildStepFunctionsApp(outdir?: string): App {
  const app = new App({ outdir });
  new StepFunctionsPipelineStack(app, 'UploadPipeline', { env: { region: 'eu-west-1' } });
  return app;
}
