/**
 * Deployable integration test (integ-runner + @aws-cdk/integ-tests-alpha).
 *
 * It deploys the example app, then, in the account:
 *   1. a client function presigns through the HTTP API (signed with SigV4,
 *      since the example keeps the default IAM auth) and uploads a PNG with
 *      a PUT to the presigned URL with the returned headers, as a browser would;
 *   2. the example's upload handler writes `{key}.json` to the results bucket;
 *   3. the result is fetched through CloudFront with an `Origin` header, and
 *      the CORS header and the JSON summary are asserted, polling until the
 *      handler has run.
 *
 * Deploying needs an AWS account: `npx projen integ:deploy`. CI has none, so
 * it runs `npx projen integ`, which synthesizes this app and fails unless the
 * committed snapshot (integ.presigned-upload.ts.snapshot/) is unchanged.
 */
import * as path from 'node:path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PresignedUploadExampleStack } from '../examples/app';

const ORIGIN = 'https://app.example.com';

const app = new App();
// The test's buckets and objects go away with the test stack.
const stack = new PresignedUploadExampleStack(app, 'PresignedUploadInteg', { disposable: true });
const uploads = stack.uploads;

const client = new lambda.Function(stack, 'BrowserStandIn', {
  description: 'Integration test: presigns through the API and uploads like a browser',
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, 'integ-client')),
  timeout: Duration.seconds(30),
  environment: { PRESIGN_URL: uploads.presignEndpointUrl, ORIGIN },
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
