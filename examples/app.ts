/**
 * Example app: one PresignedUploadBucket with an upload handler that writes a
 * small JSON result for every upload. Synthesize it with `npx projen example`.
 */
import { App, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PresignedUploadBucket } from '../src';

/** What the upload handler does: record the upload's size and type as a result. */
const PROCESSOR_SOURCE = `
const { S3Client, HeadObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  const { bucket, object } = event.detail;
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket.name, Key: object.key }));
  await s3.send(new PutObjectCommand({
    Bucket: process.env.RESULTS_BUCKET,
    Key: object.key + '.json',
    ContentType: 'application/json',
    Body: JSON.stringify({ key: object.key, bytes: head.ContentLength, contentType: head.ContentType }),
  }));
};
`;

export class PresignedUploadExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const uploads = new PresignedUploadBucket(this, 'Uploads', {
      allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
      allowedContentTypes: ['image/*', 'application/pdf'],
    });

    const processor = new lambda.Function(this, 'Processor', {
      description: 'Writes a JSON summary of every upload to the results bucket',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(PROCESSOR_SOURCE),
      timeout: Duration.seconds(30),
      environment: { RESULTS_BUCKET: uploads.resultsBucket.bucketName },
    });
    // The Lambda L2's DependsOn on its own role is redundant (cfn-lint W3005).
    (processor.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    uploads.addUploadHandler(processor);

    new CfnOutput(this, 'PresignEndpointUrl', { value: uploads.presignEndpointUrl });
    new CfnOutput(this, 'ResultsBaseUrl', { value: uploads.resultsBaseUrl });
  }
}

/** Builds the example app; `outdir` is where the cloud assembly goes. */
export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new PresignedUploadExampleStack(app, 'PresignedUploadExample', { env: { region: 'eu-west-1' } });
  return app;
}
