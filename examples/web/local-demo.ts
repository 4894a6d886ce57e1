/**
 * The demo, run locally with no AWS account: the example app
 * (examples/app.ts) is synthesized, and each AWS part it deploys is stood in
 * for by the local stand-ins the end-to-end test uses (test/e2e/):
 *
 * - S3: versitygw, with the upload bucket's CORS rules from the template;
 * - the HTTP API: LocalHttpApi, with the API's CORS configuration, around the
 *   shipped presign bundle run with the function's environment from the
 *   template, behind a stand-in for API Gateway's IAM authorizer that
 *   verifies each presign call's SigV4 signature: the page signs as one guest
 *   identity of a Cognito identity pool (DEMO_GUEST), so keys carry that
 *   identity as they would deployed;
 * - DynamoDB, for the quota table: dynalite, a DynamoDB-compatible server
 *   in this process, with the table the template's function counts in;
 * - EventBridge's "Object Created" rule: a poll of the upload prefix that
 *   invokes the example's processor code, unchanged, for each new object;
 * - CloudFront: a read-only server of the results bucket that answers with
 *   the response-headers policy's allowed origins, and 403 for a result that
 *   does not exist yet, as S3 answers CloudFront without `s3:ListBucket`.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSync } from 'esbuild';
import { PRESIGN_API_BUNDLE } from '../../src/private/handler-bundle';
import { describeBytes } from '../../src/shared/human-units';
import { PresignEnv } from '../../src/shared/presign-environment';
import { DynamoDbServer } from '../../test/dynamodb-server';
import { IamAuthorizerStandIn, type KnownCredentials } from '../../test/e2e/iam-authorizer';
import { LambdaProcess } from '../../test/e2e/lambda-process';
import { LocalHttpApi } from '../../test/e2e/local-http-api';
import { readSynthesizedUploadStack } from '../../test/e2e/synthesized-upload-stack';
import { LOCAL_CREDENTIALS, VersitygwServer } from '../../test/e2e/versitygw-server';

/**
 * The guest identity the demo page signs as: the credentials a Cognito
 * identity pool would give it (served in demo-config.json, as the pool would
 * hand them out), and how API Gateway's IAM authorizer describes it. The
 * local API verifies every presign call's SigV4 signature against them.
 */
export const DEMO_GUEST: KnownCredentials = {
  accessKeyId: 'ASIADEMOGUEST0000001',
  secretAccessKey: 'demo/guest/secret/not/a/real/key/EXAMP',
  sessionToken: 'demo-guest-session-token',
  iam: {
    accountId: '000000000000',
    userArn: 'arn:aws:sts::000000000000:assumed-role/DemoGuest/CognitoIdentityCredentials',
    userId: 'AROADEMOGUEST0000001:CognitoIdentityCredentials',
    cognitoIdentity: { amr: ['unauthenticated'], identityId: 'eu-west-1:00000000-0000-4000-8000-0000000de300', identityPoolId: 'eu-west-1:00000000-0000-4000-8000-00000000de30' },
  },
};
import { PresignedUploadExampleStack, PROCESSOR_SOURCE } from '../app';

const REGION = 'eu-west-1';
const UPLOAD_BUCKET = 'demo-uploads';
const RESULTS_BUCKET = 'demo-results';
const QUOTA_TABLE = 'demo-quota-counters';
const REPOSITORY = path.join(__dirname, '..', '..');

export interface LocalDemoOptions {
  /** Port of the page, on 127.0.0.1; its origin is `http://localhost:{port}`. 0 picks a free one. */
  readonly port: number;
}

/** A running demo. */
export interface LocalDemo {
  /** The page's URL. */
  readonly url: string;
  /** The presign endpoint's URL (the stack's `PresignEndpointUrl` output). */
  readonly presignEndpointUrl: string;
  /** Where results are read from (the stack's `ResultsBaseUrl` output). */
  readonly resultsBaseUrl: string;
  /** versitygw, for tests that look at what was stored. */
  readonly s3: VersitygwServer;
  readonly uploadBucket: string;
  /** Stops every process and server the demo started. */
  stop(): Promise<void>;
}

/** Bundles the page script and its CSS, as an app's bundler would. */
function bundlePage(): { js: Uint8Array; css: Uint8Array } {
  const result = buildSync({
    entryPoints: [path.join(__dirname, 'demo-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    outdir: path.join(os.tmpdir(), 'demo-page'),
    write: false,
    minify: true,
    logLevel: 'error',
    // An app installs the client package; this repository bundles its sources.
    alias: { 'cdk-presigned-upload-client': path.join(__dirname, '..', '..', 'client', 'src') },
  });
  const output = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))!.contents;
  return { js: output('.js'), css: output('.css') };
}

async function listen(server: http.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Serves the page, its bundle and `demo-config.json`. */
function pageServer(config: () => object): http.Server {
  const html = fs.readFileSync(path.join(__dirname, 'index.html'));
  const { js, css } = bundlePage();
  const files: Record<string, { type: string; body: () => Uint8Array | string }> = {
    '/': { type: 'text/html; charset=utf-8', body: () => html },
    '/demo-page.js': { type: 'text/javascript; charset=utf-8', body: () => js },
    '/demo-page.css': { type: 'text/css; charset=utf-8', body: () => css },
    '/demo-config.json': { type: 'application/json', body: () => JSON.stringify(config()) },
  };
  return http.createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body());
  });
}

/** CloudFront in front of the results bucket, as far as the page can tell. */
function resultsServer(s3: VersitygwServer, allowedOrigins: string[]): http.Server {
  return http.createServer((req, res) => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin !== undefined && allowedOrigins.includes(origin)
      ? { 'access-control-allow-origin': origin, 'vary': 'origin' }
      : {};
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 405, { ...cors, 'access-control-allow-methods': 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent((req.url ?? '/').split('?')[0].slice(1));
    } catch {
      res.writeHead(400, cors).end();
      return;
    }
    s3.s3.send(new GetObjectCommand({ Bucket: RESULTS_BUCKET, Key: key })).then(async (object) => {
      const body = await object.Body!.transformToByteArray();
      res.writeHead(200, { ...cors, 'content-type': object.ContentType ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    }, () => {
      res.writeHead(403, { ...cors, 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
    });
  });
}

/**
 * EventBridge's "Object Created" events for the upload prefix, by polling:
 * each new key is handed to `processor` once, in the event's shape
 * (`detail.bucket.name`, `detail.object.key`, `detail.object.size`).
 */
function forwardObjectCreated(s3: VersitygwServer, prefix: string, processor: LambdaProcess): () => void {
  const seen = new Set<string>();
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      try {
        const listing = await s3.s3.send(new ListObjectsV2Command({ Bucket: UPLOAD_BUCKET, Prefix: prefix }));
        for (const object of listing.Contents ?? []) {
          if (object.Key === undefined || seen.has(object.Key)) continue;
          seen.add(object.Key);
          processor.invoke({
            'source': 'aws.s3',
            'detail-type': 'Object Created',
            'region': REGION,
            'detail': { bucket: { name: UPLOAD_BUCKET }, object: { key: object.Key, size: object.Size } },
          }).catch((error) => console.error(`processor failed for ${object.Key}: ${error}`));
        }
      } catch (error) {
        if (!stopped) console.error(`listing the upload bucket failed: ${error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  void poll();
  return () => { stopped = true; };
}

/** Starts the demo; see the file's comment for what stands in for what. */
export async function startLocalDemo(options: LocalDemoOptions): Promise<LocalDemo> {
  if (!fs.existsSync(PRESIGN_API_BUNDLE)) throw new Error(`${PRESIGN_API_BUNDLE} is missing: run "npx projen bundle" first`);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let config: object = {};
    const pages = pageServer(() => config);
    const port = await listen(pages, options.port);
    cleanups.push(() => close(pages));
    const origin = `http://localhost:${port}`;

    const stack = new PresignedUploadExampleStack(new App(), 'PresignedUploadDemo', { env: { region: REGION }, allowedOrigins: [origin] });
    const synthesized = readSynthesizedUploadStack(Template.fromStack(stack), UPLOAD_BUCKET, QUOTA_TABLE);

    const s3 = await VersitygwServer.start(REGION);
    cleanups.push(() => s3.stop());
    // The quota table, in dynalite (a DynamoDB-compatible server in this process).
    const dynamoDb = await DynamoDbServer.start();
    cleanups.push(() => dynamoDb.stop());
    await dynamoDb.createQuotaTable(QUOTA_TABLE);
    await s3.s3.send(new CreateBucketCommand({ Bucket: UPLOAD_BUCKET }));
    await s3.s3.send(new PutBucketCorsCommand({ Bucket: UPLOAD_BUCKET, CORSConfiguration: { CORSRules: synthesized.bucketCorsRules } }));
    await s3.s3.send(new CreateBucketCommand({ Bucket: RESULTS_BUCKET }));

    const awsEnvironment = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    };
    const presign = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
      ...synthesized.functionEnvironment, ...awsEnvironment, AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    });
    cleanups.push(() => presign.stop());
    const authorizer = new IamAuthorizerStandIn(REGION, [DEMO_GUEST]);
    const api = await LocalHttpApi.start(synthesized.apiCors, { 'POST /uploads': presign }, (request) => authorizer.authorize(request));
    cleanups.push(() => api.stop());

    // The example's processor, as written in examples/app.ts, with the AWS SDK from this repository.
    const processorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-processor-'));
    cleanups.push(() => fs.rmSync(processorDir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(processorDir, 'index.js'), PROCESSOR_SOURCE);
    const processor = await LambdaProcess.start(path.join(processorDir, 'index.js'), {
      ...awsEnvironment,
      RESULTS_BUCKET,
      NODE_PATH: path.join(REPOSITORY, 'node_modules'),
    });
    cleanups.push(() => processor.stop());
    cleanups.push(forwardObjectCreated(s3, stack.uploads.uploadPrefix, processor));

    const results = resultsServer(s3, synthesized.resultsAllowedOrigins);
    const resultsPort = await listen(results, 0);
    cleanups.push(() => close(results));

    const maxBytes = Number(synthesized.functionEnvironment[PresignEnv.MAX_BYTES]);
    const types = JSON.parse(synthesized.functionEnvironment[PresignEnv.ALLOWED_CONTENT_TYPES] ?? '[]') as string[];
    const demo: LocalDemo = {
      url: `${origin}/`,
      presignEndpointUrl: `${api.url}/uploads`,
      resultsBaseUrl: `http://127.0.0.1:${resultsPort}/`,
      s3,
      uploadBucket: UPLOAD_BUCKET,
      stop,
    };
    config = {
      presignEndpointUrl: demo.presignEndpointUrl,
      resultsBaseUrl: demo.resultsBaseUrl,
      region: REGION,
      credentials: { accessKeyId: DEMO_GUEST.accessKeyId, secretAccessKey: DEMO_GUEST.secretAccessKey, sessionToken: DEMO_GUEST.sessionToken },
      note: `${types.join(', ') || 'Any safe type'}, up to ${describeBytes(maxBytes)} each. The endpoint decides; Uppy shows its answer.`,
    };
    return demo;
  } catch (error) {
    await stop();
    throw error;
  }
}
