import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CreateBucketCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { Duration, Size } from 'aws-cdk-lib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CorruptingRelay, type PartFault } from './corrupting-relay';
import { IamAuthorizerStandIn, type ReceivedRequest } from './iam-authorizer';
import { LambdaProcess } from './lambda-process';
import { type Authorizer, LocalHttpApi } from './local-http-api';
import { LOCAL_CALLER_KEY, readSynthesizedUploadStack } from './synthesized-upload-stack';
import { bundleFrontendSetup, bundleReactExample, bundleUppyGlue } from './uppy-glue-bundle';
import { LOCAL_CREDENTIALS, VersitygwServer } from './versitygw-server';
import { MultipartUpload, PresignAuth, type PresignedUploadBucketProps, UploadQuotas } from '../../src';
import { callerSegment } from '../../src/handler/caller/caller';
import { PRESIGN_API_BUNDLE } from '../../src/private/handler-bundle';
import { awsCrc64nvme } from '../aws-crc64nvme';
import { CognitoIdentityStandIn } from '../cognito-identity-stand-in';
import { DynamoDbServer } from '../dynamodb-server';
import { makeStack } from '../util';

/**
 * The browser flow end to end, against software nobody here wrote:
 * headless Chromium runs a page that presigns through the synthesized API
 * (served locally around the shipped handler bundle) and uploads with a
 * presigned PUT to versitygw, an independent S3 server that checks the SigV4
 * signature (with the signed Content-Length, Content-Type and If-None-Match),
 * S3's conditional writes and the bucket's CORS rules, which are read from the
 * synthesized template.
 */

jest.setTimeout(180_000);

const BUNDLE = PRESIGN_API_BUNDLE;
const REGION = 'eu-west-1';
const BUCKET = 'e2e-uploads';
const MAX_BYTES = 64 * 1024;
const MiB = 1024 * 1024;
/** The multipart endpoint's limits: parts of 5 MiB (S3's smallest) above a 5 MiB threshold, files up to 16 MiB. */
const MULTIPART = {
  maxUploadSize: Size.mebibytes(16), multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(5), partSize: Size.mebibytes(5) }),
};
const MULTIPART_MAX = 16 * MiB;
/** What every new upload signs with fixed values, so that no uploader chooses how S3 serves the object. */
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };
/** The integ test's client signs with the local credentials, an IAM user's for the authorizer stand-in. */
const INTEG_CLIENT_USER = {
  ...LOCAL_CREDENTIALS,
  iam: { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/integ-client', userId: 'AIDAINTEGCLIENT00001', cognitoIdentity: null },
};
/** alice's key segment under the local deployment's caller key. */
const ALICE = callerSegment('alice', Buffer.from(LOCAL_CALLER_KEY));

let versitygw: VersitygwServer;
let pages: http.Server;
let allowedOrigin: string;
let otherOrigin: string;
const apis: LocalHttpApi[] = [];
const functions: LambdaProcess[] = [];
let browser: Browser;

/** Serves upload-page.html (and the Uppy bundle) on 127.0.0.1; `localhost` and `127.0.0.1` are two origins of one server. */
async function startPageServer(): Promise<http.Server> {
  const html = fs.readFileSync(path.join(__dirname, 'upload-page.html'));
  const scripts: Record<string, Uint8Array> = { '/uppy.js': bundleUppyGlue(), '/react.js': bundleReactExample(), '/frontend.js': bundleFrontendSetup() };
  const server = http.createServer((req, res) => {
    const script = scripts[req.url ?? ''];
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
      return;
    }
    if (req.url === '/react.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React</title></head><body><div id="root"></div><script src="/react.js"></script></body></html>');
      return;
    }
    if (req.url === '/frontend.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frontend setup</title><link rel="icon" href="data:,"></head><body><script src="/frontend.js"></script></body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A synthesized stack's API, served locally: the API, the function behind it, its URL and the function's environment. */
interface ServedApi { api: LocalHttpApi; fn: LambdaProcess; url: string; environment: Record<string, string> }

/** Synthesizes the construct with `props`, and serves its API around the shipped bundle with the template's environment. */
async function serveSynthesizedApi(props: Partial<PresignedUploadBucketProps>,
  authorizer?: Authorizer,
  extraEnvironment: Record<string, string> = {}): Promise<ServedApi> {
  const { template } = makeStack({
    allowedOrigins: [allowedOrigin],
    // Authentication is API Gateway's job, not the handler's: the local API has no authorizer.
    auth: PresignAuth.none(),
    maxUploadSize: Size.bytes(MAX_BYTES),
    allowedContentTypes: ['image/png', 'text/plain'],
    ...props,
  });
  const stack = readSynthesizedUploadStack(template(), BUCKET);
  const fn = await LambdaProcess.start(BUNDLE, {
    ...stack.functionEnvironment,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: versitygw.endpoint,
    ...extraEnvironment,
  });
  const api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn }, authorizer);
  apis.push(api);
  functions.push(fn);
  return { api, fn, url: `${api.url}/uploads`, environment: stack.functionEnvironment };
}

let main: ServedApi;
/** The default auth, PresignAuth.iam(), behind a stand-in for API Gateway's IAM authorizer that verifies each SigV4 signature. */
let iam: ServedApi;
/** The identity pool of the frontend setup's test, and the credentials its guest identities sign with. */
const IDENTITY_POOL = 'eu-west-1:4f2d8c1e-0000-4000-8000-000000000009';
const POOL_GUEST = {
  accessKeyId: 'ASIAPOOLGUEST0000001',
  secretAccessKey: 'pool/guest/secret/not/a/real/key/EXAMPLE',
  sessionToken: 'pool-guest-session-token',
  iam: {
    accountId: '111122223333',
    userArn: 'arn:aws:sts::111122223333:assumed-role/UploadsGuest/CognitoIdentityCredentials',
    userId: 'AROAPOOLGUESTROLE001:CognitoIdentityCredentials',
    cognitoIdentity: { amr: ['unauthenticated'], identityId: 'eu-west-1:0b1c2d3e-aaaa-4bbb-8ccc-000000000009', identityPoolId: IDENTITY_POOL },
  },
};
const iamAuthorizer = new IamAuthorizerStandIn(REGION, [INTEG_CLIENT_USER, POOL_GUEST]);
let shortLived: ServedApi;
let multipart: ServedApi;
/** The multipart endpoint with URLs that live 30 s, less than the glue's 60 s margin. */
let multipartShortLived: ServedApi;

/** The tests' JWT authorizer: `Authorization: Bearer <sub>` is a token whose sub claim is <sub>. */
function fakeJwtAuthorizer({ headers }: ReceivedRequest): unknown {
  const sub = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  return sub === undefined ? {} : { jwt: { claims: { sub } } };
}

beforeAll(async () => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npx projen bundle" first`);
  versitygw = await VersitygwServer.start(REGION);
  pages = await startPageServer();
  const port = (pages.address() as AddressInfo).port;
  allowedOrigin = `http://localhost:${port}`;
  otherOrigin = `http://127.0.0.1:${port}`;

  // The upload bucket with the CORS rules of the synthesized template, multipart rule included.
  const { bucketCorsRules } = readSynthesizedUploadStack(makeStack({ allowedOrigins: [allowedOrigin], ...MULTIPART }).template(), BUCKET);
  expect(bucketCorsRules.map((r) => r.ID)).toEqual(['BrowserPresignedPut', 'BrowserMultipartUpload']);
  await versitygw.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await versitygw.s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: bucketCorsRules } }));

  main = await serveSynthesizedApi({});
  iam = await serveSynthesizedApi({ auth: PresignAuth.iam() }, (request) => iamAuthorizer.authorize(request));
  shortLived = await serveSynthesizedApi({ presignExpiry: Duration.seconds(1) });
  multipart = await serveSynthesizedApi({
    ...MULTIPART,
    auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web'] }),
  }, fakeJwtAuthorizer);
  multipartShortLived = await serveSynthesizedApi({
    ...MULTIPART,
    auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web'] }),
    presignExpiry: Duration.seconds(30),
  }, fakeJwtAuthorizer);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  for (const api of apis) await api.stop();
  for (const fn of functions) fn.stop();
  // Each step guards itself: when beforeAll failed early (a missing tool),
  // the parts it never started must not hold the suite until a timeout.
  if (pages !== undefined) {
    const server = pages;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  versitygw?.stop();
});

/** A page on `origin`, with its console errors. */
async function openPage(origin: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(`${origin}/`);
  return { page, consoleErrors };
}

/**
 * The S3 server's reply to the page's next upload, as the browser's network
 * layer received it. The page itself can't read an error reply (S3 sends no
 * CORS headers with errors), so the reply is read where Chromium has it,
 * before its CORS check: the DevTools protocol's Fetch domain pauses the
 * response, reads it, and lets it go on unchanged.
 */
async function nextS3Reply(page: Page, method = 'PUT'): Promise<{ reply: Promise<S3Reply> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${versitygw.endpoint}/*`, requestStage: 'Response' }] });
  const reply = new Promise<S3Reply>((resolve, reject) => {
    cdp.on('Fetch.requestPaused', (paused) => {
      void (async () => {
        if (paused.request.method === method) {
          const { body, base64Encoded } = await cdp.send('Fetch.getResponseBody', { requestId: paused.requestId });
          resolve({ status: paused.responseStatusCode ?? 0, body: base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body });
        }
        await cdp.send('Fetch.continueRequest', { requestId: paused.requestId });
      })().catch(reject);
    });
  });
  return { reply };
}

interface S3Reply { readonly status: number; readonly body: string }

interface Tamper {
  contentType?: string;
  key?: string;
  signature?: boolean;
  waitMs?: number;
  declaredSize?: number;
  dropIfNoneMatch?: boolean;
  headers?: Record<string, string>;
  checksum?: string;
}

async function upload(page: Page, apiUrl: string, file: { name: string; type: string; bytes: Buffer }, tamper: Tamper = {}): Promise<any> {
  return page.evaluate(
    ({ apiUrl: url, name, type, base64, tamper: t }) => (window as any).presignAndUpload(url, (window as any).fileOf(name, type, base64), t),
    { apiUrl, name: file.name, type: file.type, base64: file.bytes.toString('base64'), tamper },
  );
}

async function storedKeys(): Promise<string[]> {
  const listed = await versitygw.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

/** The S3 error code and message in an XML error body. */
function s3Error(body: string): { code?: string; message?: string } {
  return { code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] };
}

const stored: string[] = [];

describe('a page on an allowed origin', () => {
  test('presigns, PUTs a real file, reads the ETag, and S3 holds the same bytes and type', async () => {
    const { page } = await openPage(allowedOrigin);
    const bytes = randomBytes(MAX_BYTES);
    const result = await upload(page, main.url, { name: 'photo.png', type: 'image/png', bytes });

    expect(result.presignStatus).toBe(200);
    expect(result.presign.method).toBe('PUT');
    expect(result.presign.url.startsWith(`${versitygw.endpoint}/${BUCKET}/${result.presign.key}?`)).toBe(true);
    expect(result.presign.headers).toEqual({
      'content-type': 'image/png', ...PINNED, 'if-none-match': '*', 'x-amz-checksum-crc64nvme': await awsCrc64nvme(bytes),
    });
    expect(result.uploadStatus).toBe(200);
    stored.push(result.presign.key);
    expect(result.etag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);

    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.presign.key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect(object.ContentType).toBe('image/png');
    // The headers S3 stores with the object and serves back are the pinned ones.
    expect([object.CacheControl, object.ContentDisposition, object.ContentEncoding]).toEqual(['no-store', 'attachment', 'identity']);
    expect(await storedKeys()).toEqual([...stored].sort());
    await page.close();
  });
});

describe('Uppy 6 with the README\'s glue (examples/uppy-upload.ts)', () => {
  /** Adds files to a fresh uploader on the page and uploads them; what Uppy reports. */
  async function uppyUpload(page: Page, files: Array<{ name: string; type: string; bytes: Buffer }>, endpointUrl = main.url): Promise<any> {
    return page.evaluate(async ({ url, list }) => {
      const uppy = (window as any).createUploader(url);
      for (const f of list) {
        const data = new Blob([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], { type: f.type });
        uppy.addFile({ name: f.name, type: f.type, data });
      }
      const result = await uppy.upload();
      return {
        successful: result.successful.map((f: any) => ({ name: f.name, key: f.response?.body?.key })),
        failed: result.failed.map((f: any) => ({ name: f.name, error: String(f.error?.message ?? f.error) })),
      };
    }, { url: endpointUrl, list: files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })) });
  }

  test('uploads with one presigned PUT each; S3 holds the bytes and type under the server\'s key', async () => {
    const { page } = await openPage(allowedOrigin);
    const before = await storedKeys();
    const bytes = randomBytes(3000);
    const result = await uppyUpload(page, [{ name: 'from uppy.png', type: 'image/png', bytes }]);
    expect(result.failed).toEqual([]);
    const added = (await storedKeys()).filter((k) => !before.includes(k));
    expect(added).toEqual([expect.stringMatching(/^uploads\/[0-9a-f-]{36}\/from_uppy\.png$/)]);
    stored.push(...added);
    expect(result.successful).toEqual([{ name: 'from uppy.png', key: added[0] }]);
    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: added[0] }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect(object.ContentType).toBe('image/png');
    await page.close();
  });

  test('past a quota, Uppy fails the file with the endpoint\'s words and does not ask again', async () => {
    const dynamoDb = await DynamoDbServer.start();
    try {
      await dynamoDb.createQuotaTable('quota-counters');
      const quoted = await serveSynthesizedApi({ quotas: UploadQuotas.enabled({ bytesPerDay: Size.mebibytes(1), uploadsPerCaller: 1 }) }, undefined,
        { AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint });
      const { page } = await openPage(allowedOrigin);
      const first = await uppyUpload(page, [{ name: 'first.txt', type: 'text/plain', bytes: Buffer.from('first\n') }], quoted.url);
      expect(first.failed).toEqual([]);
      stored.push(...first.successful.map((f: any) => f.key));
      const calls = quoted.fn.invocations;
      const second = await uppyUpload(page, [{ name: 'second.txt', type: 'text/plain', bytes: Buffer.from('second\n') }], quoted.url);
      expect(second.successful).toEqual([]);
      expect(second.failed).toEqual([{
        name: 'second.txt',
        error: expect.stringMatching(/^UPLOAD_QUOTA_EXCEEDED: This caller has started the 1 upload allowed per 1 day; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z, in /),
      }]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(quoted.fn.invocations - calls).toBe(1); // refused once, never retried by Uppy
      expect(await storedKeys()).toEqual([...stored].sort());
      await page.close();
    } finally {
      await dynamoDb.stop();
    }
  });

  test('a file the endpoint refuses fails in Uppy with the endpoint\'s code, and nothing is stored', async () => {
    const { page } = await openPage(allowedOrigin);
    const result = await uppyUpload(page, [{ name: 'too big.txt', type: 'text/plain', bytes: Buffer.alloc(MAX_BYTES + 1) }]);
    expect(result.successful).toEqual([]);
    expect(result.failed).toEqual([{ name: 'too big.txt', error: expect.stringContaining('FILE_TOO_LARGE') }]);
    expect(await storedKeys()).toEqual([...stored].sort());
    await page.close();
  });
});

describe('docs/browser.md\'s page without Uppy, as written', () => {
  test('presigns with a bearer token, PUTs the file, and returns the result the processor wrote', async () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'browser.md'), 'utf8');
    const snippet = [...docs.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.includes('async function upload(file, accessToken)'));
    expect(snippet).toBeDefined();
    // A processor's results: `{key}.json` for every key, readable from the page's origin, as CloudFront serves them.
    const results = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': allowedOrigin });
      res.end(JSON.stringify({ result: decodeURIComponent((req.url ?? '').slice(1)) }));
    });
    await new Promise<void>((resolve) => results.listen(0, '127.0.0.1', resolve));
    try {
      const { page } = await openPage(allowedOrigin);
      // The page has the glue's crc64nvme already; the two URLs are the stack's outputs.
      await page.addScriptTag({
        content: `const PRESIGN_ENDPOINT_URL = ${JSON.stringify(multipart.url)};\n`
          + `const RESULTS_BASE_URL = ${JSON.stringify(`http://127.0.0.1:${(results.address() as AddressInfo).port}/`)};\n`
          + snippet!.replace(/^import .*\n/, '') + '\nwindow.docsUpload = upload;',
      });
      const bytes = Buffer.from('uploaded by the docs\' page\n');
      const result = await page.evaluate(({ base64 }) => (window as any).docsUpload((window as any).fileOf('notes.txt', 'text/plain', base64), 'alice'),
        { base64: bytes.toString('base64') });
      expect(result.result).toMatch(new RegExp(`^uploads/${ALICE}/[0-9a-f-]{36}/notes\\.txt\\.json$`));
      const key = result.result.replace(/\.json$/, '');
      stored.push(key);
      const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      await page.close();
    } finally {
      results.closeAllConnections();
      await new Promise((resolve) => results.close(resolve));
    }
  });
});

describe('the React example (examples/react-upload.tsx), in Strict Mode', () => {
  test('a picked file uploads and shows its key; a refused one shows the endpoint\'s code; nothing else is stored', async () => {
    const { page, consoleErrors } = await openPage(allowedOrigin);
    await page.goto(`${allowedOrigin}/react.html`);
    await page.evaluate((url) => (window as any).mountFileUploader(document.getElementById('root'), url), main.url);
    await page.waitForSelector('input[type=file]:not([disabled])');
    const bytes = randomBytes(1500);
    await page.setInputFiles('input[type=file]', [
      { name: 'picked.png', mimeType: 'image/png', buffer: bytes },
      { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>') },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('li').length === 2
      && Array.from(document.querySelectorAll('li')).every((li) => / stored as |: [A-Z_]+: /.test(li.textContent ?? '')));
    const items = await page.$$eval('li', (lis) => lis.map((li) => li.textContent));
    expect(items).toEqual([
      expect.stringMatching(/^picked\.png: stored as uploads\/[0-9a-f-]{36}\/picked\.png$/),
      expect.stringMatching(/^page\.html: CONTENT_TYPE_NOT_ALLOWED: /),
    ]);
    const key = /stored as (\S+)$/.exec(items[0]!)![1];
    stored.push(key);
    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect(await storedKeys()).toEqual([...stored].sort());
    // Nothing from React; Uppy logs the refusal itself, and Chromium the 400 it came with.
    expect(consoleErrors.filter((e) => !e.startsWith('[Uppy]') && !/status of 400/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('a stack with transferAcceleration', () => {
  // Deployed, its URLs are on {bucket}.s3-accelerate.amazonaws.com (the handler's tests re-sign each with
  // @smithy/signature-v4, and the Python consumer test compares their shape with botocore's). Here the standard
  // AWS_ENDPOINT_URL_S3 points them at the local S3 server, so the rest of the path runs as it would.
  test('runs the same flow: the function has acceleration on, and the page\'s PUT is stored', async () => {
    const accelerated = await serveSynthesizedApi({ transferAcceleration: true });
    expect(accelerated.environment.UPLOAD_TRANSFER_ACCELERATION).toBe('true');
    const { page } = await openPage(allowedOrigin);
    const bytes = randomBytes(2048);
    const result = await upload(page, accelerated.url, { name: 'far-away.png', type: 'image/png', bytes });
    expect([result.presignStatus, result.uploadStatus]).toEqual([200, 200]);
    stored.push(result.presign.key);
    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.presign.key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    await page.close();
  });
});

describe('write-once: a presigned upload stores bytes once', () => {
  test('the same presign used again is refused with 412 PreconditionFailed, and the first bytes stay', async () => {
    const { page } = await openPage(allowedOrigin);
    const first = Buffer.from('first bytes, checked by a handler\n');
    const second = Buffer.from('other bytes swapped in afterwards\n');
    expect(second.length).toBe(first.length); // same size: only If-None-Match can stop it
    const result = await upload(page, main.url, { name: 'report.txt', type: 'text/plain', bytes: first });
    expect(result.uploadStatus).toBe(200);
    stored.push(result.presign.key);

    const { reply: replied } = await nextS3Reply(page);
    const again = await page.evaluate(({ url, headers, base64 }) => (window as any).putFile(url, headers, (window as any).fileOf('report.txt', 'text/plain', base64)),
      { url: result.presign.url, headers: result.presign.headers, base64: second.toString('base64') });
    const reply = await replied;
    expect(reply.status).toBe(412);
    expect(s3Error(reply.body).code).toBe('PreconditionFailed');
    expect(again.uploadStatus).not.toBe(200); // the page never sees the second upload succeed

    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.presign.key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(first)).toBe(true);
    expect(await storedKeys()).toEqual([...stored].sort());
    await page.close();
  });

  test('dropping If-None-Match to overwrite breaks the signature: 403 SignatureDoesNotMatch, nothing stored', async () => {
    const { page } = await openPage(allowedOrigin);
    const { reply: replied } = await nextS3Reply(page);
    await upload(page, main.url, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('no condition\n') }, { dropIfNoneMatch: true });
    const reply = await replied;
    expect(reply.status).toBe(403);
    expect(s3Error(reply.body).code).toBe('SignatureDoesNotMatch');
    expect(await storedKeys()).toEqual([...stored].sort());
    await page.close();
  });
});

describe('each failure, for its real reason, and nothing is stored', () => {
  const small = () => ({ name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('hello from the browser\n') });

  afterEach(async () => {
    expect(await storedKeys()).toEqual([...stored].sort());
  });

  test('a page on an origin not in allowedOrigins is blocked by CORS before the presign request is sent', async () => {
    const { page, consoleErrors } = await openPage(otherOrigin);
    const before = main.fn.invocations;
    const result = await upload(page, main.url, small());
    expect(result).toEqual({ presignError: 'TypeError: Failed to fetch' });
    expect(consoleErrors.join('\n')).toMatch(new RegExp(`from origin '${otherOrigin}' has been blocked by CORS policy`));
    // The preflight failed, so the POST never reached the API or the function.
    expect(main.api.requests.filter((r) => r === 'OPTIONS /uploads').length).toBeGreaterThan(0);
    expect(main.fn.invocations).toBe(before);
    await page.close();
  });

  test('a file declared at the maximum but one byte larger fails the signed Content-Length', async () => {
    const { page } = await openPage(allowedOrigin);
    const { reply } = await nextS3Reply(page);
    // The page declares the largest allowed size, then sends one byte more.
    const result = await upload(page, main.url, { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(MAX_BYTES + 1) }, { declaredSize: MAX_BYTES });
    expect(result.presignStatus).toBe(200);
    expect(result.presign.size).toBe(MAX_BYTES);
    expect((await reply).status).toBe(403);
    expect(s3Error((await reply).body).code).toBe('SignatureDoesNotMatch');
    await page.close();
  });

  test('a file declared one byte over the maximum is refused by the endpoint, before anything is signed', async () => {
    const { page } = await openPage(allowedOrigin);
    const result = await upload(page, main.url, { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(MAX_BYTES + 1) });
    expect([result.presignStatus, result.presign.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(result.presign.url).toBeUndefined();
    await page.close();
  });

  test.each([
    ['a Content-Type other than the signed one', { contentType: 'text/html' }],
    ['a key other than the signed one', { key: 'uploads/someone-elses-file.txt' }],
    ['a tampered signature', { signature: true }],
    // What S3 would store and serve back: a page that renders inline, a body decoded as gzip, a year in every cache.
    ['a Content-Disposition other than the pinned one', { headers: { 'content-disposition': 'inline; filename="invoice.html"' } }],
    ['a Content-Encoding other than the pinned one', { headers: { 'content-encoding': 'gzip' } }],
    ['a Cache-Control other than the pinned one', { headers: { 'cache-control': 'public, max-age=31536000, immutable' } }],
  ])('%s is refused with SignatureDoesNotMatch', async (_case, tamper: Tamper) => {
    const { page } = await openPage(allowedOrigin);
    const { reply: replied } = await nextS3Reply(page);
    await upload(page, main.url, small(), tamper);
    const reply = await replied;
    expect(reply.status).toBe(403);
    expect(s3Error(reply.body).code).toBe('SignatureDoesNotMatch');
    await page.close();
  });

  test('bytes other than those the checksum was computed from: 400 BadDigest from S3\'s own CRC64NVME, nothing stored', async () => {
    const { page } = await openPage(allowedOrigin);
    const { reply: replied } = await nextS3Reply(page);
    // The checksum of other bytes of the same length: as if the file changed, or bytes were damaged, after it was hashed.
    const result = await upload(page, main.url, small(), { checksum: await awsCrc64nvme(Buffer.from('hello from the BROWSER\n')) });
    expect(result.presignStatus).toBe(200);
    const reply = await replied;
    expect(reply.status).toBe(400);
    expect(s3Error(reply.body).code).toBe('BadDigest');
    await page.close();
  });

  test('an expired URL is refused', async () => {
    const { page } = await openPage(allowedOrigin);
    const { reply: replied } = await nextS3Reply(page);
    const result = await upload(page, shortLived.url, small(), { waitMs: 2500 });
    expect(Date.parse(result.presign.expiresAt)).toBeLessThan(Date.now());
    const reply = await replied;
    expect(reply.status).toBe(403);
    expect(s3Error(reply.body)).toEqual({ code: 'AccessDenied', message: expect.stringMatching(/expired/i) });
    await page.close();
  });
});

describe('multipart uploads: Uppy 6 with the README\'s glue, and each refusal for its real reason', () => {
  const SIZE = 12 * MiB; // three parts: 5 MiB, 5 MiB, 2 MiB

  /** The S3 requests the page sends, as "METHOD operation-query" (X-Amz-* left out), e.g. "PUT partNumber=1&uploadId=…". */
  function recordS3Requests(page: Page): string[] {
    const seen: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(versitygw.endpoint) || request.method() === 'OPTIONS') return;
      const params = [...new URL(request.url()).searchParams].filter(([name]) => !name.startsWith('X-Amz-'));
      seen.push(`${request.method()} ${params.map(([n, v]) => `${n}=${n === 'uploadId' ? 'U' : v}`).join('&')}`);
    });
    return seen;
  }

  async function sha256Of(key: string): Promise<{ sha256: string; contentType?: string; length?: number }> {
    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    return { sha256: createHash('sha256').update(bytes).digest('hex'), contentType: object.ContentType, length: bytes.length };
  }

  /** Uppy uploads one random file of `size` bytes as alice; `pauseAfterFirstPart` pauses it once a part is stored, then resumes. */
  async function uppyMultipart(page: Page, size: number, pauseAfterFirstPart = false, endpoint = multipart): Promise<any> {
    return page.evaluate(async ({ url, bytes, pause, threshold }) => {
      const w = window as any;
      const { file, sha256 } = await w.randomFile('clip one.png', 'image/png', bytes);
      const uppy = w.createUploader(url, { presignFetch: w.bearer('alice'), multipartThreshold: threshold, partSize: threshold });
      const id = uppy.addFile({ name: file.name, type: file.type, data: file });
      let paused = false;
      const errors: string[] = [];
      uppy.on('upload-error', (_file: unknown, error: Error) => errors.push(error.message));
      uppy.on('s3-multipart:part-uploaded', () => {
        if (!pause || paused) return;
        paused = true;
        uppy.pauseResume(id);
        setTimeout(() => uppy.pauseResume(id), 300);
      });
      const result = await uppy.upload();
      return {
        sha256,
        paused,
        errors,
        successful: result.successful.map((f: any) => ({ name: f.name, key: f.response?.body?.key })),
        failed: result.failed.map((f: any) => ({ name: f.name, error: String(f.error?.message ?? f.error) })),
      };
    }, { url: endpoint.url, bytes: size, pause: pauseAfterFirstPart, threshold: 5 * MiB });
  }

  /**
   * Uppy uploads one random file of SIZE bytes as alice, then the user presses Retry: the file's SHA-256, what failed
   * the first time, and the keys Retry stored.
   */
  async function uploadThenRetry(page: Page, endpointUrl: string, name: string)
    : Promise<{ sha256: string; firstFailed: string[]; successful: string[] }> {
    return page.evaluate(async ({ url, size, threshold, filename }) => {
      const w = window as any;
      const { file, sha256 } = await w.randomFile(filename, 'image/png', size);
      const uppy = w.createUploader(url, { presignFetch: w.bearer('alice'), multipartThreshold: threshold, partSize: threshold });
      uppy.addFile({ name: file.name, type: file.type, data: file });
      const first = await uppy.upload();
      const retried = await uppy.retryAll();
      return {
        sha256,
        firstFailed: first.failed.map((f: any) => String(f.error?.message ?? f.error)),
        successful: retried.successful.map((f: any) => f.response?.body?.key),
      };
    }, { url: endpointUrl, size: SIZE, threshold: 5 * MiB, filename: name });
  }

  /** The presign requests the page sends to `endpoint`, as "METHOD[ partNumber]". */
  function recordPresignRequests(page: Page, endpoint = multipart): string[] {
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== endpoint.url || request.method() !== 'POST') return;
      const body = JSON.parse(request.postData() ?? '{}');
      seen.push(body.partNumber === undefined ? body.method : `${body.method} ${body.partNumber}`);
    });
    return seen;
  }

  test('a part S3 refused is signed afresh when Uppy retries it, never served again from the glue\'s cache', async () => {
    const { page } = await openPage(allowedOrigin);
    const presigns = recordPresignRequests(page);
    const requests = recordS3Requests(page);
    // S3 refuses the first PUT of part 2 as it refuses a URL whose signature time a slow clock or expired
    // credentials made invalid: 403, with the CORS headers S3 sends, so Uppy sees the refusal and stops.
    let refused = 0;
    await page.route(`${versitygw.endpoint}/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'PUT' && new URL(request.url()).searchParams.get('partNumber') === '2' && refused === 0) {
        refused += 1;
        await route.fulfill({
          status: 403,
          headers: { 'content-type': 'application/xml', 'access-control-allow-origin': allowedOrigin },
          body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
        });
        return;
      }
      await route.fallback();
    });
    const result = await uploadThenRetry(page, multipart.url, 'clip.png');
    expect(refused).toBe(1);
    expect(result.firstFailed).toEqual([expect.stringContaining('403')]);
    const [key] = result.successful;
    stored.push(key);
    expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: SIZE });
    // Part 1 alone (nothing was hashed yet), then parts 2 and 3, hashed while part 1 uploaded; the retry asked the endpoint
    // for a new part 2.
    expect(presigns.filter((p) => p.startsWith('PUT'))).toEqual(['PUT 1', 'PUT 2', 'PUT 2']);
    expect(requests.filter((r) => r === 'PUT partNumber=2&uploadId=U')).toHaveLength(2);
    await page.close();
  });

  /**
   * Runs `check` on a page whose uploads reach S3 through a relay with `faults`, presigned by the multipart stack
   * for that relay (as alice's JWT sees it); closes the page and stops the relay after it.
   */
  async function throughRelay(faults: Readonly<Record<number, PartFault>>,
    check: (page: Page, relayed: ServedApi, relay: CorruptingRelay) => Promise<void>): Promise<void> {
    const relay = await CorruptingRelay.start(versitygw.endpoint, faults);
    try {
      const relayed = await serveSynthesizedApi({ ...MULTIPART, auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web'] }) },
        fakeJwtAuthorizer, { AWS_ENDPOINT_URL_S3: relay.url });
      const { page } = await openPage(allowedOrigin);
      await check(page, relayed, relay);
      await page.close();
    } finally {
      await relay.stop();
    }
  }

  /** The PUTs the relay forwarded, as [part number, fault, S3's status, S3's error code]. */
  const relayedPuts = (relay: CorruptingRelay) => relay.requests.filter((r) => r.method === 'PUT')
    .map((r) => [r.partNumber ?? null, r.fault ?? null, r.status, r.s3ErrorCode ?? null]);

  test('a part cut mid-flight and a part with one byte changed on the way are each sent again by themselves; the stored object is the file', async () => {
    // Between the page and S3: a relay that cuts part 2's first PUT halfway and changes a byte in part 3's.
    await throughRelay({ 2: 'truncate', 3: 'change-byte' }, async (page, relayed, relay) => {
      const presigns = recordPresignRequests(page, relayed);
      const result = await uppyMultipart(page, SIZE, false, relayed);
      // The cut part: the browser saw a dropped connection and Uppy sent the part again by itself, on the same URL.
      // The changed byte: S3 (versitygw) computed the part's CRC64NVME and refused it with BadDigest; the glue kept that
      // from Uppy, asked which parts S3 holds (ListParts, GET), asked for part 3 again and sent it whole. Nobody pressed Retry.
      expect(result.errors).toEqual([]);
      expect(result.failed).toEqual([]);
      expect(relayedPuts(relay)).toEqual([
        [1, null, 200, null],
        [2, 'truncate', 0, null],
        [2, null, 200, null],
        [3, 'change-byte', 400, 'BadDigest'],
        [3, null, 200, null],
      ]);
      expect(presigns).toEqual(['POST', 'PUT 1', 'PUT 2', 'GET', 'PUT 3', 'POST']);
      const [{ key }] = result.successful;
      stored.push(key);
      expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: SIZE });
      // The object keeps the full-object CRC64NVME S3 verified at completion, for any handler to read.
      const attributes = await versitygw.s3.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: key, ObjectAttributes: ['Checksum'] }));
      expect(attributes.Checksum?.ChecksumType).toBe('FULL_OBJECT');
      const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(attributes.Checksum?.ChecksumCRC64NVME).toBe(await awsCrc64nvme(Buffer.from(await object.Body!.transformToByteArray())));
    });
  });

  test('a single PUT with one byte changed on the way is presigned anew and sent again by itself, under a new key', async () => {
    await throughRelay({ 0: 'change-byte' }, async (page, relayed, relay) => {
      const presigns = recordPresignRequests(page, relayed);
      const result = await uppyMultipart(page, 3 * MiB, false, relayed); // under the 5 MiB threshold: one PUT
      expect(result.errors).toEqual([]);
      expect(relayedPuts(relay)).toEqual([[null, 'change-byte', 400, 'BadDigest'], [null, null, 200, null]]);
      expect(presigns).toEqual(['PUT', 'PUT']);
      const [{ key }] = result.successful;
      stored.push(key);
      expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: 3 * MiB });
      expect(await storedKeys()).toEqual([...stored].sort()); // the refused PUT stored nothing
    });
  });

  test('a part S3 refuses every time is sent 3 more times, then the file fails with S3\'s BadDigest', async () => {
    await throughRelay({ 3: 'change-byte-always' }, async (page, relayed, relay) => {
      const result = await uppyMultipart(page, SIZE, false, relayed);
      expect(result.successful).toEqual([]);
      expect(result.failed).toEqual([{ name: 'clip one.png', error: expect.stringContaining('400 – BadDigest') }]);
      expect(result.errors).toEqual([expect.stringContaining('400 – BadDigest')]); // reported once, the fourth time
      expect(relayedPuts(relay).filter(([part]) => part === 3)).toEqual(Array(4).fill([3, 'change-byte-always', 400, 'BadDigest']));
      expect(await storedKeys()).toEqual([...stored].sort());
    });
  });

  test('a completion S3 answers with 409 ConditionalRequestConflict starts over, as S3 asks: a new upload, every part sent again', async () => {
    const { page } = await openPage(allowedOrigin);
    const presigns = recordPresignRequests(page);
    const requests = recordS3Requests(page);
    // S3 answers the first completion as it does when another write to the key raced it: 409, with its CORS headers.
    let conflicts = 0;
    await page.route(`${versitygw.endpoint}/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'POST' && new URL(request.url()).searchParams.has('uploadId') && conflicts === 0) {
        conflicts += 1;
        await route.fulfill({
          status: 409,
          headers: { 'content-type': 'application/xml', 'access-control-allow-origin': allowedOrigin },
          body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ConditionalRequestConflict</Code>'
            + '<Message>A conflicting operation occurred. Retry the upload.</Message></Error>',
        });
        return;
      }
      await route.fallback();
    });
    const result = await uppyMultipart(page, SIZE);
    expect(conflicts).toBe(1);
    expect(result.errors).toEqual([]);
    expect(result.failed).toEqual([]);
    const [{ key }] = result.successful;
    stored.push(key);
    expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: SIZE });
    // Two uploads, each started, sent whole and completed; the parts' checksums were computed once, so the second
    // start asks for all three part URLs in one call.
    const eachUpload = ['POST uploads=', 'PUT partNumber=1&uploadId=U', 'PUT partNumber=2&uploadId=U', 'PUT partNumber=3&uploadId=U', 'POST uploadId=U'];
    expect(requests).toEqual([...eachUpload, ...eachUpload]);
    expect(presigns).toEqual(['POST', 'PUT 1', 'PUT 2', 'POST', 'POST', 'PUT 1', 'POST']);
    expect(await storedKeys()).toEqual([...stored].sort()); // the first upload stored nothing; the lifecycle rule removes its parts
    await page.close();
  });

  test('a glue whose part size is not the endpoint\'s fails the file with both sizes named, before anything reaches S3', async () => {
    const { page } = await openPage(allowedOrigin);
    const requests = recordS3Requests(page);
    const result = await page.evaluate(async ({ url, size, threshold }) => {
      const w = window as any;
      const { file } = await w.randomFile('clip.png', 'image/png', size);
      // The threshold given, the part size left at the glue's default (64 MiB): the endpoint's is 5 MiB.
      const uppy = w.createUploader(url, { presignFetch: w.bearer('alice'), multipartThreshold: threshold });
      uppy.addFile({ name: file.name, type: file.type, data: file });
      const first = await uppy.upload();
      return first.failed.map((f: any) => String(f.error?.message ?? f.error));
    }, { url: multipart.url, size: SIZE, threshold: 5 * MiB });
    expect(result).toEqual([`the endpoint's parts are ${5 * MiB} bytes: pass that partSize`]);
    expect(requests).toEqual([]);
    await page.close();
  });

  test('freshness is judged by the server\'s lifetime, not the page\'s clock: 30 s URLs are not cached, even by a clock 10 minutes slow', async () => {
    const { page } = await openPage(allowedOrigin);
    // A page whose wall clock is 10 minutes behind the server's: by expiresAt, every URL would look fresh.
    await page.evaluate(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() - 600_000;
    });
    const presigns = recordPresignRequests(page, multipartShortLived);
    const result = await uppyMultipart(page, SIZE, false, multipartShortLived);
    expect(result.failed).toEqual([]);
    stored.push(result.successful[0].key);
    // The answers say the URLs live 30 s (expiresIn), less than the glue's 60 s margin: each part is signed when it is sent.
    expect(presigns).toEqual(['POST', 'PUT 1', 'PUT 2', 'PUT 3', 'POST']);
    await page.close();
  });

  const presign = (page: Page, body: object, caller = 'alice') =>
    page.evaluate(({ url, b, c }) => (window as any).presignJson(url, b, c), { url: multipart.url, b: body, c: caller });
  const s3 = (page: Page, url: string, method: string, headers: Record<string, string>, body: { size?: number; text?: string } = {}) =>
    page.evaluate(({ u, m, h, b }) => (window as any).s3Request(u, m, h, b), { u: url, m: method, h: headers, b: body });

  /** The CRC64NVME of `size` zero bytes, which s3() sends as a body of that size. */
  const zeros = (page: Page, size: number): Promise<string> => page.evaluate((n) => (window as any).zerosChecksum(n), size);

  /** Starts a multipart upload as `caller` through the endpoint and S3, as the glue would. */
  async function startUpload(page: Page, size = SIZE, caller = 'alice'): Promise<{ key: string; uploadId: string; create: any }> {
    const create = await presign(page, { method: 'POST', filename: 'clip.png', contentType: 'image/png', size }, caller);
    expect(create.status).toBe(200);
    const started = await s3(page, create.body.url, 'POST', create.body.headers);
    expect(started.status).toBe(200);
    return { key: create.body.key, uploadId: /<UploadId>([^<]+)<\/UploadId>/.exec(started.text)![1], create: create.body };
  }

  test('a file of three parts uploads with four presign calls and reads back byte for byte with its Content-Type', async () => {
    const { page } = await openPage(allowedOrigin);
    const requests = recordS3Requests(page);
    const before = multipart.fn.invocations;
    const result = await uppyMultipart(page, SIZE);
    expect(result.failed).toEqual([]);
    const [{ key }] = result.successful;
    expect(key).toMatch(new RegExp(`^uploads/${ALICE}/[0-9a-f-]{36}/clip_one\\.png$`));
    stored.push(key);
    expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: SIZE });
    // Uppy sent the start's signed headers, so S3 recorded the caller and the pinned headers with the object.
    const head = await versitygw.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect([head.Metadata, head.CacheControl, head.ContentDisposition, head.ContentEncoding])
      .toEqual([{ 'uploaded-by': 'alice' }, 'no-store', 'attachment', 'identity']);
    // Start, part 1's URL (nothing else hashed yet), parts 2 and 3 (hashed while part 1 uploaded), completion.
    expect(multipart.fn.invocations - before).toBe(4);
    expect(requests).toEqual(['POST uploads=', 'PUT partNumber=1&uploadId=U', 'PUT partNumber=2&uploadId=U', 'PUT partNumber=3&uploadId=U', 'POST uploadId=U']);
    expect(await storedKeys()).toEqual([...stored].sort());
    await page.close();
  });

  test('an upload paused after a part resumes with ListParts, sends no stored part again, and completes', async () => {
    const { page } = await openPage(allowedOrigin);
    const requests = recordS3Requests(page);
    const result = await uppyMultipart(page, SIZE, true);
    expect(result.paused).toBe(true);
    expect(result.failed).toEqual([]);
    const [{ key }] = result.successful;
    stored.push(key);
    expect(await sha256Of(key)).toEqual({ sha256: result.sha256, contentType: 'image/png', length: SIZE });
    expect(requests).toContain('GET uploadId=U');
    expect(requests.filter((r) => r === 'PUT partNumber=1&uploadId=U')).toHaveLength(1);
    expect(requests.indexOf('GET uploadId=U')).toBeLessThan(requests.lastIndexOf('PUT partNumber=3&uploadId=U'));
    expect(requests[requests.length - 1]).toBe('POST uploadId=U');
    await page.close();
  });

  describe('refused, with nothing stored', () => {
    afterEach(async () => {
      expect(await storedKeys()).toEqual([...stored].sort());
    });

    test('a part number beyond the declared size: the endpoint refuses, nothing is signed', async () => {
      const { page } = await openPage(allowedOrigin);
      const { key, uploadId } = await startUpload(page);
      const answer = await presign(page, { method: 'PUT', key, uploadId, partNumber: 3, partChecksums: [await zeros(page, 2 * MiB), await zeros(page, 1)], size: SIZE });
      expect([answer.status, answer.body.code, answer.body.url]).toEqual([400, 'PART_NUMBER_OUT_OF_RANGE', undefined]);
      await page.close();
    });

    test('a part of another length than the signed one: S3 refuses the signature', async () => {
      const { page } = await openPage(allowedOrigin);
      const { key, uploadId } = await startUpload(page);
      const checksum = await zeros(page, 2 * MiB);
      const parts = await presign(page, { method: 'PUT', key, uploadId, partNumber: 3, partChecksums: [checksum], size: SIZE });
      expect(parts.body.parts).toEqual([{ partNumber: 3, url: expect.any(String), headers: { 'x-amz-checksum-crc64nvme': checksum }, size: 2 * MiB }]);
      const { reply } = await nextS3Reply(page);
      await s3(page, parts.body.url, 'PUT', parts.body.headers, { size: 2 * MiB + 1 });
      expect((await reply).status).toBe(403);
      expect(s3Error((await reply).body).code).toBe('SignatureDoesNotMatch');
      await page.close();
    });

    test('a completion claiming more than maxUploadSize: the endpoint refuses', async () => {
      const { page } = await openPage(allowedOrigin);
      const { key, uploadId } = await startUpload(page);
      const answer = await presign(page, { method: 'POST', key, uploadId, size: MULTIPART_MAX + 1, checksum: await zeros(page, 1) });
      expect([answer.status, answer.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
      await page.close();
    });

    test('another caller\'s key: the endpoint refuses every step of it', async () => {
      const { page } = await openPage(allowedOrigin);
      const { key, uploadId } = await startUpload(page);
      for (const body of [
        { method: 'PUT', key, uploadId, partNumber: 1, partChecksums: [await zeros(page, 5 * MiB)], size: SIZE },
        { method: 'GET', key, uploadId },
        { method: 'POST', key, uploadId, size: SIZE, checksum: await zeros(page, SIZE) },
        { method: 'DELETE', key, uploadId },
      ]) {
        const answer = await presign(page, body, 'mallory');
        expect([answer.status, answer.body.code]).toEqual([403, 'KEY_NOT_YOURS']);
      }
      await page.close();
    });

    test('a completion whose parts add up to another size than the signed one: S3 refuses it (x-amz-mp-object-size)', async () => {
      const { page } = await openPage(allowedOrigin);
      const { key, uploadId } = await startUpload(page, 6 * MiB);
      const parts = await presign(page, {
        method: 'PUT',
        key,
        uploadId,
        partNumber: 1,
        partChecksums: [await zeros(page, 5 * MiB), await zeros(page, MiB)],
        size: 6 * MiB,
      });
      const etags = [];
      for (const part of parts.body.parts) etags.push((await s3(page, part.url, 'PUT', part.headers, { size: part.size })).etag);
      // The endpoint signs the completion for the size declared; the page then lists one part fewer.
      const done = await presign(page, { method: 'POST', key, uploadId, size: 6 * MiB, checksum: await zeros(page, 6 * MiB) });
      const { reply } = await nextS3Reply(page, 'POST');
      await s3(page, done.body.url, 'POST', { ...done.body.headers, 'content-type': 'application/xml' },
        { text: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etags[0]}</ETag></Part></CompleteMultipartUpload>` });
      expect((await reply).status).toBe(400);
      expect(s3Error((await reply).body).code).toBe('InvalidRequest');
      await page.close();
    });

    test('a completion with another full-object checksum than the parts combine to: S3 refuses it with BadDigest', async () => {
      const { page } = await openPage(allowedOrigin);
      const size = 6 * MiB;
      const { key, uploadId } = await startUpload(page, size);
      const parts = await presign(page, { method: 'PUT', key, uploadId, partNumber: 1, partChecksums: [await zeros(page, 5 * MiB), await zeros(page, MiB)], size });
      const xml = [];
      for (const part of parts.body.parts) {
        const put = await s3(page, part.url, 'PUT', part.headers, { size: part.size });
        expect(put.status).toBe(200);
        xml.push(`<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${put.etag}</ETag></Part>`);
      }
      // Each part is right; the file's checksum is not (that of one byte more).
      const done = await presign(page, { method: 'POST', key, uploadId, size, checksum: await zeros(page, size + 1) });
      const { reply } = await nextS3Reply(page, 'POST');
      await s3(page, done.body.url, 'POST', { ...done.body.headers, 'content-type': 'application/xml' },
        { text: `<CompleteMultipartUpload>${xml.join('')}</CompleteMultipartUpload>` });
      expect((await reply).status).toBe(400);
      expect(s3Error((await reply).body).code).toBe('BadDigest');
      await page.close();
    });

    test('a second completion of the same key (the start URL replayed): S3 refuses with 412, and the first bytes stay', async () => {
      const { page } = await openPage(allowedOrigin);
      const size = 6 * MiB;
      const complete = async (uploadId: string, key: string) => {
        const parts = await presign(page, { method: 'PUT', key, uploadId, partNumber: 1, partChecksums: [await zeros(page, 5 * MiB), await zeros(page, MiB)], size });
        const xml = [];
        for (const part of parts.body.parts) {
          const put = await s3(page, part.url, 'PUT', part.headers, { size: part.size });
          xml.push(`<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${put.etag}</ETag></Part>`);
        }
        const done = await presign(page, { method: 'POST', key, uploadId, size, checksum: await zeros(page, size) });
        return s3(page, done.body.url, 'POST', { ...done.body.headers, 'content-type': 'application/xml' },
          { text: `<CompleteMultipartUpload>${xml.join('')}</CompleteMultipartUpload>` });
      };
      const first = await startUpload(page, size);
      expect((await complete(first.uploadId, first.key)).status).toBe(200);
      stored.push(first.key);
      const original = await sha256Of(first.key);

      const replayed = await s3(page, first.create.url, 'POST', first.create.headers);
      expect(replayed.status).toBe(200); // S3 lets a new upload start on the key; only its completion stores
      const secondId = /<UploadId>([^<]+)<\/UploadId>/.exec(replayed.text)![1];
      const { reply } = await nextS3Reply(page, 'POST');
      await complete(secondId, first.key);
      expect((await reply).status).toBe(412);
      expect(s3Error((await reply).body).code).toBe('PreconditionFailed');
      expect(await sha256Of(first.key)).toEqual(original);
      await page.close();
    });
  });
});

describe('the README\'s frontend setup (examples/frontend-setup.ts), bundled and run in the page', () => {
  test('gets a guest identity\'s credentials from Cognito, signs the presign call with them, and uploads', async () => {
    // The bundle calls Cognito Identity's real regional endpoint, as it would
    // deployed; the page's calls there are answered by the stand-in.
    const cognito = CognitoIdentityStandIn.issuing(POOL_GUEST, 60 * 60_000);
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const cors = { 'access-control-allow-origin': allowedOrigin, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' };
    await page.route(`https://cognito-identity.${REGION}.amazonaws.com/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      const reply = cognito.reply(request.headers()['x-amz-target'] ?? '', request.postData() ?? '');
      return route.fulfill({ status: reply.status, headers: { ...reply.headers, ...cors }, body: reply.body });
    });
    const before = iam.api.authorizations.length;
    const bytes = randomBytes(4096);
    try {
      await page.goto(`${allowedOrigin}/frontend.html`);
      const result = await page.evaluate(async ({ settings, base64 }) => {
        const uppy = (window as any).uploaderFor(settings);
        const data = new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'guest.png', { type: 'image/png' });
        uppy.addFile({ name: 'guest.png', type: 'image/png', data });
        const outcome = await uppy.upload();
        uppy.destroy();
        return {
          successful: outcome.successful.map((f: any) => f.response?.body?.key),
          failed: outcome.failed.map((f: any) => String(f.error?.message ?? f.error)),
        };
      }, { settings: { region: REGION, presignEndpointUrl: iam.url, identityPoolId: IDENTITY_POOL }, base64: bytes.toString('base64') });

      expect(result.failed).toEqual([]);
      expect(result.successful).toHaveLength(1);
      const key = result.successful[0];
      stored.push(key);
      // Cognito was asked for a guest identity of the pool, then its credentials, once each.
      expect(cognito.calls.map((call) => [call.operation, call.tokens])).toEqual([['GetId', []], ['GetCredentialsForIdentity', []]]);
      // API Gateway's IAM authorizer verified a signature made with those credentials; the key carries the guest's segment.
      expect(iamAuthorizer.refusals).toEqual([]);
      expect(iam.api.authorizations.slice(before)).toEqual([
        expect.stringMatching(new RegExp(`^AWS4-HMAC-SHA256 Credential=${POOL_GUEST.accessKeyId}/\\d{8}/${REGION}/execute-api/aws4_request, `)),
      ]);
      expect(key).toMatch(new RegExp(`^uploads/${callerSegment(POOL_GUEST.iam.cognitoIdentity.identityId, Buffer.from(LOCAL_CALLER_KEY))}/`));
      const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes);
      expect(consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the integ test\'s client function (test/integ-client), run locally', () => {
  // The deployable integ test can't run here; its client code can, against the
  // same local stand-ins, so a mistake in it shows before anyone deploys.
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('signs the presign request with SigV4 for execute-api and PUTs its PNG', async () => {
    Object.assign(process.env, {
      PRESIGN_URL: iam.url,
      ORIGIN: allowedOrigin,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    const before = iam.api.authorizations.length;
    const calls = iam.fn.invocations;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../integ-client/index.js');
    const result = await handler();
    expect(iamAuthorizer.refusals).toEqual([]);
    stored.push(result.key);
    // "regional false": the local S3 endpoint is not *.s3.{region}.amazonaws.com; deployed, it is.
    expect(result.summary).toBe(`presign 200 ${allowedOrigin} regional false upload 200 ${allowedOrigin}`);
    // The stand-in verified its signature, and the key carries the IAM user's segment.
    expect(iam.fn.invocations - calls).toBe(1);
    expect(result.key).toMatch(new RegExp(`^uploads/${callerSegment(INTEG_CLIENT_USER.iam.userId, Buffer.from(LOCAL_CALLER_KEY))}/`));
    expect(iam.api.authorizations.slice(before)).toEqual([
      expect.stringMatching(new RegExp(`^AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`)),
    ]);
    const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.key }));
    expect(object.ContentType).toBe('image/png');
    expect(object.ContentLength).toBe(68);
    expect(await storedKeys()).toEqual([...stored].sort());
  });
});
