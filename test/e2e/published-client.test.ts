import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { Size } from 'aws-cdk-lib';
import { ENGINES, type Engine, type EngineName, type EnginePage, launchEngine } from './browser-engines';
import { CorruptingRelay, type PartFault } from './corrupting-relay';
import { LambdaProcess } from './lambda-process';
import { LocalHttpApi } from './local-http-api';
import { LOCALSTACK_CREDENTIALS, LocalStackS3Server } from './localstack-s3-server';
import { readSynthesizedUploadStack } from './synthesized-upload-stack';
import { bundleInstalledClient, patternBytes } from './uppy-glue-bundle';
import { LOCAL_CREDENTIALS, VersitygwServer } from './versitygw-server';
import { MultipartUpload, PresignAuth } from '../../src';
import { PRESIGN_API_BUNDLE } from '../../src/private/handler-bundle';
import { awsCrc64nvme } from '../aws-crc64nvme';
import { packAndInstallClient } from '../client-tarball';
import { makeStack } from '../util';

/**
 * The browser client as users get it: packed with `npm pack`, installed from
 * the tarball into an empty project and bundled from there, then run in
 * Chromium, Firefox and WebKit against two S3 servers by other teams,
 * versitygw and LocalStack's S3. Between the page and S3 sits a relay that
 * changes one byte of the first PUT of some parts and cuts the connection of
 * another's: the client must notice each (S3's BadDigest, a network error),
 * send the part again, and leave S3 holding the file byte for byte, every
 * URL signed by the shipped handler and verified by the server (LocalStack
 * signs each again with botocore).
 */

jest.setTimeout(300_000);

const REGION = 'eu-west-1';
const BUCKET = 'published-client';
const MiB = 1024 * 1024;
/** What the relay does to the first PUT of each part (0: a single PUT). */
const FAULTS: Readonly<Record<number, PartFault>> = { 0: 'change-byte', 2: 'change-byte', 3: 'truncate' };
/** Quick retries: the faults are the relay's, not a busy server's. */
const RETRY = { baseDelayMs: 50, maxDelayMs: 500 };

/** An S3 server by another team, and the credentials the presign function signs for it with. */
interface S3Server {
  readonly endpoint: string;
  readonly s3: S3Client;
  stop(): void | Promise<void>;
}
const SERVERS: ReadonlyArray<readonly [string, () => Promise<S3Server>, typeof LOCAL_CREDENTIALS]> = [
  ['versitygw', () => VersitygwServer.start(REGION), LOCAL_CREDENTIALS],
  ['LocalStack S3', () => LocalStackS3Server.start(REGION), LOCALSTACK_CREDENTIALS],
];

let work: string;
let pages: http.Server;
let origin: string;

beforeAll(async () => {
  if (!fs.existsSync(PRESIGN_API_BUNDLE)) throw new Error(`${PRESIGN_API_BUNDLE} is missing: run "npx projen bundle" first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'published-client-'));
  const script = bundleInstalledClient(packAndInstallClient(work).app);
  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Client</title><link rel="icon" href="data:,"></head>'
    + '<body><script src="/client.js"></script></body></html>';
  pages = http.createServer((req, res) => {
    const isScript = req.url === '/client.js';
    res.writeHead(200, { 'content-type': isScript ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8' });
    res.end(isScript ? script : page);
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (pages !== undefined) {
    pages.closeAllConnections();
    await new Promise((resolve) => pages.close(resolve));
  }
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe.each(SERVERS)('%s', (_server, startServer, credentials) => {
  let server: S3Server;
  let relay: CorruptingRelay;
  let fn: LambdaProcess;
  let api: LocalHttpApi;
  let apiUrl: string;
  const stored: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    relay = await CorruptingRelay.start(server.endpoint, FAULTS);
    const { template } = makeStack({
      allowedOrigins: [origin],
      auth: PresignAuth.none(),
      maxUploadSize: Size.mebibytes(16),
      multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(5), partSize: Size.mebibytes(5) }),
    });
    const stack = readSynthesizedUploadStack(template(), BUCKET);
    await server.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await server.s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: stack.bucketCorsRules } }));
    fn = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
      ...stack.functionEnvironment,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_S3: relay.url,
    });
    api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn });
    apiUrl = `${api.url}/uploads`;
  });

  afterAll(async () => {
    await api?.stop();
    fn?.stop();
    await relay?.stop();
    await server?.stop();
  });

  async function storedBytes(key: string): Promise<Buffer> {
    const object = await server.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  /** What S3 answered to each PUT the relay forwarded while `action` ran (status 0: the relay cut it), by part (0: a single PUT). */
  async function putAnswers<T>(action: () => Promise<T>): Promise<{ result: T; answers: Record<number, string[]> }> {
    relay.rearm();
    const before = relay.requests.length;
    const result = await action();
    const answers: Record<number, string[]> = {};
    for (const r of relay.requests.slice(before).filter((request) => request.method === 'PUT')) {
      (answers[r.partNumber ?? 0] ??= []).push(r.s3ErrorCode === undefined ? String(r.status) : `${r.status} ${r.s3ErrorCode}`);
    }
    return { result, answers };
  }

  test('the server checks what the handler signs: the same PUT with one signature digit changed is refused, nothing stored', async () => {
    const bytes = Buffer.from('signed by the shipped handler\n');
    const presigned = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'origin': origin },
      body: JSON.stringify({ method: 'PUT', filename: 'signed.txt', contentType: 'text/plain', size: bytes.length, checksum: await awsCrc64nvme(bytes) }),
    });
    expect(presigned.status).toBe(200);
    const answer = await presigned.json() as { url: string; headers: Record<string, string> };
    const url = new URL(answer.url);
    const signature = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const reply = await fetch(url, { method: 'PUT', headers: answer.headers, body: bytes });
    expect(reply.status).toBe(403);
    expect(await reply.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const listed = await server.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([]);
  });

  describe.each(ENGINES.map((name) => [name] as const))('in %s', (engineName: EngineName) => {
    let engine: Engine;
    let page: EnginePage;

    beforeAll(async () => {
      engine = await launchEngine(engineName);
    });
    afterAll(async () => {
      await engine?.stop();
    });
    beforeEach(async () => {
      page = await engine.open(`${origin}/client.html`);
    });
    afterEach(async () => {
      await page?.close();
      const listed = await server.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([...stored].sort());
      const pending = await server.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
      expect(pending.Uploads ?? []).toEqual([]);
    });

    test('three parts at once: part 2 changed on the way and part 3 cut off, each sent again; S3 holds the file byte for byte', async () => {
      const size = 12 * MiB + 777;
      const seed = 11 + ENGINES.indexOf(engineName);
      const { result, answers } = await putAnswers(() => page.call('uploadWithClient', apiUrl, 'film.bin', 'application/octet-stream', size, seed, undefined,
        { multipartThreshold: 5 * MiB, concurrency: 3, retry: RETRY }));
      expect(answers).toEqual({ 1: ['200'], 2: ['400 BadDigest', '200'], 3: ['0', '200'] });
      expect([result.partCount, result.size, result.lastProgress]).toEqual([3, size, size]);
      stored.push(result.key);
      const bytes = await storedBytes(result.key);
      expect(bytes.equals(patternBytes(size, seed))).toBe(true);
      expect(result.checksum).toBe(await awsCrc64nvme(bytes));
    });

    test('a single PUT changed on the way: S3 refuses it as BadDigest, the client sends it again, and S3 holds the bytes', async () => {
      const size = 300_000;
      const seed = 21 + ENGINES.indexOf(engineName);
      const { result, answers } = await putAnswers(() => page.call('uploadWithClient', apiUrl, 'notes.txt', 'text/plain', size, seed, undefined,
        { multipartThreshold: 5 * MiB, retry: RETRY }));
      expect(answers).toEqual({ 0: ['400 BadDigest', '200'] });
      expect(result.partCount).toBe(1);
      stored.push(result.key);
      expect((await storedBytes(result.key)).equals(patternBytes(size, seed))).toBe(true);
    });
  });
});
