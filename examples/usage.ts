import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PresignAuth, PresignedUploadBucket, UploadQuotas } from 'cdk-presigned-upload';

const app = new App();
const stack = new Stack(app, 'UploadsStack', { env: { region: 'eu-west-1' } });

const uploads = new PresignedUploadBucket(stack, 'Uploads', {
  allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
  auth: PresignAuth.jwt({ issuer: 'https://example.auth0.com/', audience: ['my-api'] }),
  maxUploadSize: Size.mebibytes(20),
  allowedContentTypes: ['image/*', 'application/pdf'],
  expireUploadsAfter: Duration.days(7),
  // Per caller: 600 presign calls a minute, 1,000 uploads and 100 files of maxUploadSize a day; everyone: 50 GiB a day.
  quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(50) }),
});

// Your code that processes each upload; it gets EventBridge "Object Created" events.
const processor = new lambda.Function(stack, 'Processor', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async (event) => console.log(event.detail.object.key);'),
});
uploads.addUploadHandler(processor);

app.synth();
