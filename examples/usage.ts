import { App, CfnOutput, Duration, Size, Stack } from 'aws-cdk-lib';
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

// What the frontend needs: `cdk deploy` prints both, and `--outputs-file` writes them to a file.
new CfnOutput(stack, 'PresignEndpointUrl', { value: uploads.presignEndpointUrl });
new CfnOutput(stack, 'ResultsBaseUrl', { value: uploads.resultsBaseUrl });

app.synth();
