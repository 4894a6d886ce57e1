/**
 * Deployable integration test (integ-runner + @aws-cdk/integ-tests-alpha).
 *
 * It deploys the example app, then, in the account:
 *   1. a client function presigns through the HTTP API (signed with SigV4,
 *      since the example keeps the default IAM auth) and uploads a PNG with
 *      FormData to the presigned POST URL, as a browser would;
 *   2. the example's upload handler writes `{key}.json` to the results bucket;
 *   3. the result is fetched through CloudFront with an `Origin` header, and
 *      the CORS header and the JSON summary are asserted, polling until the
 *      handler has run.
 *
 * Deploying needs an AWS account: `npx projen integ:deploy`. CI has none, so
 * it runs `npx projen integ`, which synthesizes this app and fails unless the
 * committed snapshot (integ.presigned-upload.ts.snapshot/) is unchanged.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PresignedUploadExampleStack } from '../examples/app';

const ORIGIN = 'https://app.example.com';

/**
 * What a browser does, from Lambda (Node.js 22 has fetch, FormData and Blob).
 * The presign request is SigV4-signed for execute-api with the function's
 * role, using the SDK packages the Node.js runtime ships.
 */
const CLIENT_SOURCE = `
const { createHash, createHmac } = require('node:crypto');
const { SignatureV4 } = require('@smithy/signature-v4');

class Sha256 {
  constructor(secret) { this.hash = secret ? createHmac('sha256', secret) : createHash('sha256'); }
  update(data) { this.hash.update(data); }
  async digest() { return new Uint8Array(this.hash.digest()); }
}

exports.handler = async () => {
  const url = new URL(process.env.PRESIGN_URL);
  const body = JSON.stringify({ filename: 'pixel.png', contentType: 'image/png', size: 68 });
  const signer = new SignatureV4({
    service: 'execute-api',
    region: process.env.AWS_REGION,
    sha256: Sha256,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, path: url.pathname,
    headers: { 'host': url.hostname, 'content-type': 'application/json', 'origin': '${ORIGIN}' },
    body,
  });
  const presignResponse = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const presign = await presignResponse.json();
  if (!presignResponse.ok) return { summary: 'presign ' + presignResponse.status + ' ' + JSON.stringify(presign) };

  // A 1x1 PNG, 68 bytes.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.fields)) form.append(name, value);
  form.append('file', new Blob([png], { type: 'image/png' }), 'pixel.png');
  const upload = await fetch(presign.url, { method: 'POST', body: form, headers: { origin: '${ORIGIN}' } });
  const regional = new URL(presign.url).hostname.endsWith('.s3.' + process.env.AWS_REGION + '.amazonaws.com');
  return {
    summary: [
      'presign', presignResponse.status, presignResponse.headers.get('access-control-allow-origin'),
      'regional', regional,
      'upload', upload.status, upload.headers.get('access-control-allow-origin'),
    ].join(' '),
    key: presign.key,
  };
};
`;

const app = new App();
// The test's buckets and objects go away with the test stack.
const stack = new PresignedUploadExampleStack(app, 'PresignedUploadInteg', { disposable: true });
const uploads = stack.uploads;

const client = new lambda.Function(stack, 'BrowserStandIn', {
  description: 'Integration test: presigns through the API and uploads like a browser',
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  handler: 'index.handler',
  code: lambda.Code.fromInline(CLIENT_SOURCE),
  timeout: Duration.seconds(30),
  environment: { PRESIGN_URL: uploads.presignEndpointUrl },
});
client.addToRolePolicy(new iam.PolicyStatement({
  actions: ['execute-api:Invoke'],
  resources: [uploads.api.arnForExecuteApi('POST', '/uploads')],
}));

const integ = new IntegTest(app, 'PresignedUploadIntegTest', {
  testCases: [stack],
  regions: ['eu-west-1'],
  diffAssets: false,
});

// Presigned through the API (200, with the CORS header for the origin), on the
// regional S3 endpoint, and uploaded (201, with S3's CORS header).
const presignAndUpload = integ.assertions.invokeFunction({ functionName: client.functionName });
presignAndUpload.assertAtPath('Payload.summary', ExpectedResult.exact(`presign 200 ${ORIGIN} regional true upload 201 ${ORIGIN}`));

const result = integ.assertions.httpApiCall(`${uploads.resultsBaseUrl}${presignAndUpload.getAttString('Payload.key')}.json`, {
  headers: { Origin: ORIGIN },
});
result.expect(ExpectedResult.objectLike({
  status: 200,
  headers: { 'access-control-allow-origin': [ORIGIN] },
  body: { bytes: 68, contentType: 'image/png' },
})).waitForAssertions({ totalTimeout: Duration.minutes(3), interval: Duration.seconds(10) });

presignAndUpload.next(result);

app.synth();
