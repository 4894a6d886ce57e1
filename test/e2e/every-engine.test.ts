import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { Size } from 'aws-cdk-lib';
import { AwsClient } from 'aws4fetch';
import { ENGINES, type Engine, type EngineName, type EnginePage, launchEngine } from './browser-engines';
import { CorruptingRelay } from './corrupting-relay';
import { IamAuthorizerStandIn, type KnownCredentials } from './iam-authorizer';
import { LambdaProcess } from './lambda-process';
import { LocalHttpApi } from './local-http-api';
import { LOCAL_CALLER_KEY, readSynthesizedUploadStack } from './synthesized-upload-stack';
import { bundleClientUpload, bundleUppyGlue, patternBytes } from './uppy-glue-bundle';
import { LOCAL_CREDENTIALS, VersitygwServer } from './versitygw-server';
import { MultipartUpload, PresignAuth } from '../../src';
import { callerSegment } from '../../src/handler/caller/caller';
import { PRESIGN_API_BUNDLE } from '../../src/private/handler-bundle';
import { awsCrc64nvme } from '../aws-crc64nvme';
import { makeStack } from '../util';

/**
 * The browser cases in every engine: Chromium, Firefox and WebKit each run
 * the page against the synthesized API with the default auth,
 * `PresignAuth.iam()`: every presign call is signed with SigV4 in the page
 * (aws4fetch, as docs/iam-auth.md shows) and verified by a stand-in for API
 * Gateway's IAM authorizer, which recomputes the signature with AWS's own
 * signer and describes the caller as a Cognito identity pool identity. S3 is
 * versitygw behind a relay that records what S3 answered, since a page can't
 * read S3's error replies (they carry no CORS headers).
 */

jest.setTimeout(300_000);

const REGION = 'eu-west-1';
const BUCKET = 'engine-uploads';
const MiB = 1024 * 1024;
const MAX_BYTES = 16 * MiB;
const POOL = 'eu-west-1:4f2d8c1e-0000-4000-8000-000000000001';
/** A guest and a signed-in identity of one Cognito identity pool, each signing as the pool's role for it. */
const GUEST: KnownCredentials = {
  accessKeyId: 'ASIAGUESTEXAMPLE0001',
  secretAccessKey: 'guest/secret/not/a/real/key/EXAMPLE000',
  sessionToken: 'guest-session-token',
  iam: {
    accountId: '111122223333',
    userArn: 'arn:aws:sts::111122223333:assumed-role/UploadsGuest/CognitoIdentityCredentials',
    userId: 'AROAGUESTROLE0000001:CognitoIdentityCredentials',
    cognitoIdentity: { amr: ['unauthenticated'], identityId: 'eu-west-1:0b1c2d3e-aaaa-4bbb-8ccc-000000000001', identityPoolId: POOL },
  },
};
const SIGNED_IN: KnownCredentials = {
  accessKeyId: 'ASIAMEMBEREXAMPLE001',
  secretAccessKey: 'member/secret/not/a/real/key/EXAMPLE00',
  sessionToken: 'member-session-token',
  iam: {
    accountId: '111122223333',
    userArn: 'arn:aws:sts::111122223333:assumed-role/UploadsMember/CognitoIdentityCredentials',
    userId: 'AROAMEMBERROLE000001:CognitoIdentityCredentials',
    cognitoIdentity: {
      amr: ['authenticated', 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf', 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf:CognitoSignIn:42'],
      identityId: 'eu-west-1:0b1c2d3e-aaaa-4bbb-8ccc-000000000002',
      identityPoolId: POOL,
    },
  },
};
const authOf = (c: KnownCredentials) => ({
  region: REGION, credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
});
const segmentOf = (c: KnownCredentials) => callerSegment(c.iam.cognitoIdentity!.identityId, Buffer.from(LOCAL_CALLER_KEY));

let versitygw: VersitygwServer;
let relay: CorruptingRelay;
let pages: http.Server;
let allowedOrigin: string;
let otherOrigin: string;
let api: LocalHttpApi;
let fn: LambdaProcess;
let apiUrl: string;
const authorizer = new IamAuthorizerStandIn(REGION, [GUEST, SIGNED_IN]);
const stored: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(PRESIGN_API_BUNDLE)) throw new Error(`${PRESIGN_API_BUNDLE} is missing: run "npx projen bundle" first`);
  versitygw = await VersitygwServer.start(REGION);
  relay = await CorruptingRelay.start(versitygw.endpoint, {});
  const html = fs.readFileSync(path.join(__dirname, 'upload-page.html'));
  const scripts: Record<string, Uint8Array> = { '/uppy.js': bundleUppyGlue(), '/client.js': bundleClientUpload() };
  const clientPage = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Client</title><link rel="icon" href="data:,"></head>'
    + '<body><script src="/client.js"></script></body></html>';
  pages = http.createServer((req, res) => {
    const script = scripts[req.url ?? ''];
    res.writeHead(200, { 'content-type': script !== undefined ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8' });
    res.end(script ?? (req.url === '/client.html' ? clientPage : html));
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const port = (pages.address() as AddressInfo).port;
  allowedOrigin = `http://localhost:${port}`;
  otherOrigin = `http://127.0.0.1:${port}`;

  const { template } = makeStack({
    allowedOrigins: [allowedOrigin],
    auth: PresignAuth.iam(),
    maxUploadSize: Size.bytes(MAX_BYTES),
    multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(5), partSize: Size.mebibytes(5) }),
    allowedContentTypes: ['image/png', 'text/plain'],
  });
  const stack = readSynthesizedUploadStack(template(), BUCKET);
  await versitygw.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await versitygw.s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: stack.bucketCorsRules } }));
  fn = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
    ...stack.functionEnvironment,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: relay.url,
  });
  api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn }, (request) => authorizer.authorize(request));
  apiUrl = `${api.url}/uploads`;
});

afterAll(async () => {
  await api?.stop();
  fn?.stop();
  if (pages !== undefined) {
    pages.closeAllConnections();
    await new Promise((resolve) => pages.close(resolve));
  }
  await relay?.stop();
  versitygw?.stop();
});

async function storedKeys(): Promise<string[]> {
  const listed = await versitygw.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function storedBytes(key: string): Promise<{ bytes: Buffer; contentType?: string }> {
  const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bytes: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType };
}

/** What S3 answered to the requests the relay forwarded while `action` ran, preflights aside (engines differ in when they send one). */
async function s3Answers<T>(action: () => Promise<T>): Promise<{ result: T; answers: Array<{ method: string; status: number; code?: string }> }> {
  const before = relay.requests.length;
  const result = await action();
  return { result, answers: relay.requests.slice(before).filter((r) => r.method !== 'OPTIONS').map((r) => ({ method: r.method, status: r.status, code: r.s3ErrorCode })) };
}

describe('the authorizer stand-in, from Node.js', () => {
  const body = JSON.stringify({ filename: 'a.txt', contentType: 'text/plain', size: 1, checksum: 'AAAAAAAAAAA=' });
  const client = (c: KnownCredentials, secret = c.secretAccessKey) => new AwsClient({
    accessKeyId: c.accessKeyId, secretAccessKey: secret, sessionToken: c.sessionToken, service: 'execute-api', region: REGION, retries: 0,
  });

  test('answers a signed call, and refuses an unsigned, a wrongly keyed and a tampered one before the function runs', async () => {
    const signed = await client(GUEST).fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(signed.status).toBe(200);
    const calls = fn.invocations;
    const unsigned = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const wrongKey = await client(GUEST, 'not/the/secret/of/this/key/EXAMPLE000000').fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Signed, then changed on the way: one byte of the body.
    const request = await client(GUEST).sign(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const tampered = await fetch(request.url, { method: 'POST', headers: request.headers, body: body.replace('a.txt', 'b.txt') });
    expect([unsigned.status, wrongKey.status, tampered.status]).toEqual([403, 403, 403]);
    expect(await tampered.json()).toEqual({ message: 'Forbidden' });
    expect(fn.invocations).toBe(calls);
    expect(authorizer.refusals.slice(-3)).toEqual(['no Authorization header', 'the signature does not match', 'the signature does not match']);
  });
});

describe.each(ENGINES.map((name) => [name] as const))('%s', (engineName: EngineName) => {
  let engine: Engine;
  let page: EnginePage;

  beforeAll(async () => {
    engine = await launchEngine(engineName);
  });
  afterAll(async () => {
    await engine?.stop();
  });
  beforeEach(async () => {
    page = await engine.open(`${allowedOrigin}/`);
  });
  afterEach(async () => {
    await page?.close();
    expect(await storedKeys()).toEqual([...stored].sort());
  });

  test('the client package: parts in parallel over XMLHttpRequest, SigV4-signed presigns; S3 holds the file byte for byte', async () => {
    const clientPage = await engine.open(`${allowedOrigin}/client.html`);
    try {
      const size = 12 * MiB + 777;
      const result = await clientPage.call('uploadWithClient', apiUrl, 'large.png', 'image/png', size, 3, authOf(GUEST),
        { multipartThreshold: 5 * MiB, concurrency: 3 });
      expect([result.partCount, result.size, result.resumedParts, result.lastProgress]).toEqual([3, size, 0, size]);
      expect(result.key).toMatch(new RegExp(`^uploads/${segmentOf(GUEST)}/[0-9a-f-]{36}/large\\.png$`));
      stored.push(result.key);
      const object = await storedBytes(result.key);
      expect(object.bytes.equals(patternBytes(size, 3))).toBe(true);
      expect([object.contentType, result.checksum]).toEqual(['image/png', await awsCrc64nvme(object.bytes)]);
    } finally {
      await clientPage.close();
    }
  });

  test('a SigV4-signed presign, a PUT with the signed headers, the ETag read; S3 holds the bytes and type under the identity\'s key', async () => {
    const bytes = randomBytes(3000);
    const result = await page.call('presignAndUploadBytes', apiUrl, 'photo.png', 'image/png', bytes.toString('base64'), {}, authOf(GUEST));
    expect([result.presignStatus, result.uploadStatus]).toEqual([200, 200]);
    expect(result.presign.key).toMatch(new RegExp(`^uploads/${segmentOf(GUEST)}/[0-9a-f-]{36}/photo\\.png$`));
    expect(result.etag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    stored.push(result.presign.key);
    expect(await storedBytes(result.presign.key)).toEqual({ bytes, contentType: 'image/png' });
  });

  test('an unsigned presign call and one signed with a wrong secret are refused (403) before the function runs', async () => {
    const calls = fn.invocations;
    const file = ['notes.txt', 'text/plain', Buffer.from('hello\n').toString('base64'), {}] as const;
    const unsigned = await page.call('presignAndUploadBytes', apiUrl, ...file);
    const wrong = await page.call('presignAndUploadBytes', apiUrl, ...file,
      { region: REGION, credentials: { ...authOf(GUEST).credentials, secretAccessKey: 'not/the/secret/of/this/key/EXAMPLE000000' } });
    expect([unsigned.presignStatus, unsigned.presign]).toEqual([403, { message: 'Forbidden' }]);
    expect([wrong.presignStatus, wrong.presign]).toEqual([403, { message: 'Forbidden' }]);
    expect(fn.invocations).toBe(calls);
  });

  test('Uppy with the glue: a guest\'s single file, and a signed-in identity\'s three-part file, byte for byte', async () => {
    const small = randomBytes(2000);
    const single = await page.call('uppyUpload', apiUrl, authOf(GUEST), [{ name: 'small.png', type: 'image/png', base64: small.toString('base64') }],
      { multipartThreshold: 5 * MiB, partSize: 5 * MiB });
    expect(single.failed).toEqual([]);
    const calls = fn.invocations;
    const { result: multi, answers } = await s3Answers(() => page.call('uppyUpload', apiUrl, authOf(SIGNED_IN),
      [{ name: 'film.png', type: 'image/png', size: 12 * MiB }], { multipartThreshold: 5 * MiB, partSize: 5 * MiB }));
    expect(multi.failed).toEqual([]);
    expect(fn.invocations - calls).toBe(4); // the start, part 1, parts 2 and 3, the completion
    expect(answers.filter((a) => a.method === 'PUT').map((a) => a.status)).toEqual([200, 200, 200]);
    const [singleKey, multiKey] = [single.successful[0].key, multi.successful[0].key];
    expect(singleKey).toMatch(new RegExp(`^uploads/${segmentOf(GUEST)}/`));
    expect(multiKey).toMatch(new RegExp(`^uploads/${segmentOf(SIGNED_IN)}/`));
    stored.push(singleKey, multiKey);
    expect((await storedBytes(singleKey)).bytes.equals(small)).toBe(true);
    const film = await storedBytes(multiKey);
    expect([film.bytes.length, createHash('sha256').update(film.bytes).digest('hex'), film.contentType]).toEqual([12 * MiB, multi.sha256['film.png'], 'image/png']);
  });

  test('a file the endpoint refuses fails in Uppy with the endpoint\'s code and words', async () => {
    const result = await page.call('uppyUpload', apiUrl, authOf(GUEST), [{ name: 'page.html', type: 'text/html', base64: Buffer.from('<p>').toString('base64') }]);
    expect(result.failed).toEqual([{ name: 'page.html', error: expect.stringMatching(/^CONTENT_TYPE_NOT_ALLOWED: /) }]);
  });

  test.each([
    ['one byte more than the signed size', 403, 'SignatureDoesNotMatch', { declaredSize: 99 }],
    ['another Content-Type', 403, 'SignatureDoesNotMatch', { contentType: 'image/png' }],
    ['bytes other than the checksummed ones', 400, 'BadDigest', { checksum: 'AAAAAAAAAAA=' }],
  ])('S3 refuses %s with %i %s, and the page never sees it stored', async (_case, status, code, tamper) => {
    const { result, answers } = await s3Answers(() => page.call('presignAndUploadBytes', apiUrl, 'notes.txt', 'text/plain',
      Buffer.alloc(100, 1).toString('base64'), tamper, authOf(GUEST)));
    expect(result.presignStatus).toBe(200);
    expect(answers).toEqual([{ method: 'PUT', status, code }]);
    expect(result.uploadStatus === 200).toBe(false);
  });

  test('the same presigned PUT sent again: 412 PreconditionFailed, and the first bytes stay', async () => {
    const first = Buffer.from('first bytes\n');
    const result = await page.call('presignAndUploadBytes', apiUrl, 'once.txt', 'text/plain', first.toString('base64'), {}, authOf(GUEST));
    expect(result.uploadStatus).toBe(200);
    stored.push(result.presign.key);
    const { answers } = await s3Answers(() => page.call('putBytes', result.presign.url, result.presign.headers, 'once.txt', 'text/plain',
      Buffer.from('other bytes\n').toString('base64')));
    expect(answers).toEqual([{ method: 'PUT', status: 412, code: 'PreconditionFailed' }]);
    expect((await storedBytes(result.presign.key)).bytes.equals(first)).toBe(true);
    expect(await awsCrc64nvme(first)).toBe(result.presign.headers['x-amz-checksum-crc64nvme']);
  });

  test('a page on an origin not in allowedOrigins: the preflight fails, and no presign call reaches the function', async () => {
    const other = await engine.open(`${otherOrigin}/`);
    try {
      const calls = fn.invocations;
      const result = await other.call('presignAndUploadBytes', apiUrl, 'notes.txt', 'text/plain', Buffer.from('x').toString('base64'), {}, authOf(GUEST));
      expect(Object.keys(result)).toEqual(['presignError']);
      expect(result.presignError).toMatch(/^TypeError: /); // each engine words it its own way
      expect(fn.invocations).toBe(calls);
    } finally {
      await other.close();
    }
  });
});
