import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { Size } from 'aws-cdk-lib';
import { CorruptingRelay, type PartFault } from './corrupting-relay';
import { LambdaProcess } from './lambda-process';
import { LocalHttpApi } from './local-http-api';
import { readSynthesizedUploadStack } from './synthesized-upload-stack';
import { LOCAL_CREDENTIALS, VersitygwServer } from './versitygw-server';
import { fetchTransport, memoryResumeStore, upload, UploadError, type S3Transport, type UploadOptions } from '../../client/src/index';
import { MultipartUpload, PresignAuth, type PresignedUploadBucketProps } from '../../src';
import { PRESIGN_API_BUNDLE } from '../../src/private/handler-bundle';
import { awsCrc64nvme } from '../aws-crc64nvme';
import { makeStack } from '../util';

/**
 * The client package (client/) end to end in Node.js, with its fetch
 * transport: it presigns through the synthesized API around the shipped
 * handler bundle and uploads to versitygw, an independent S3 server that
 * checks every signature, signed length and CRC64NVME. Browsers run the
 * same code in test/e2e/browser-upload.test.ts.
 */

jest.setTimeout(180_000);

const REGION = 'eu-west-1';
const BUCKET = 'client-uploads';
const MiB = 1024 * 1024;
/** Parts of 5 MiB (S3's smallest) above a 5 MiB threshold, files up to 24 MiB; the client is given the same threshold. */
const THRESHOLD = 5 * 1024 * 1024;
const MULTIPART: Partial<PresignedUploadBucketProps> = {
  maxUploadSize: Size.mebibytes(24),
  multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(5), partSize: Size.mebibytes(5) }),
};

let versitygw: VersitygwServer;
const apis: LocalHttpApi[] = [];
const functions: LambdaProcess[] = [];
const relays: CorruptingRelay[] = [];

/** Serves the API of the construct synthesized with `props`, presigning for `s3Endpoint`. */
async function serveApi(props: Partial<PresignedUploadBucketProps>, s3Endpoint = versitygw.endpoint): Promise<string> {
  const { template } = makeStack({ allowedOrigins: ['http://localhost:5173'], auth: PresignAuth.none(), ...props });
  const stack = readSynthesizedUploadStack(template(), BUCKET);
  const fn = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
    ...stack.functionEnvironment,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
  });
  const api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn });
  apis.push(api);
  functions.push(fn);
  return `${api.url}/uploads`;
}

/** A multipart API whose S3 traffic goes through a relay that does `faults` to the first PUT of the named parts. */
async function serveThroughRelay(faults: Readonly<Record<number, PartFault>>): Promise<{ endpoint: string; relay: CorruptingRelay }> {
  const relay = await CorruptingRelay.start(versitygw.endpoint, faults);
  relays.push(relay);
  return { endpoint: await serveApi(MULTIPART, relay.url), relay };
}

async function storedBytes(key: string): Promise<Buffer> {
  const object = await versitygw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

function fileOf(bytes: Buffer, name = 'film.bin', type = 'application/octet-stream'): File {
  return new File([new Uint8Array(bytes)], name, { type, lastModified: 1_700_000_000_000 });
}

/** The fetch transport, counting how many requests are in flight at once. */
function countingTransport(): { transport: S3Transport; maxInFlight: () => number; puts: () => number } {
  const inner = fetchTransport();
  let inFlight = 0;
  let max = 0;
  let puts = 0;
  return {
    transport: async (request) => {
      inFlight++;
      max = Math.max(max, inFlight);
      if (request.method === 'PUT') puts++;
      try {
        return await inner(request);
      } finally {
        inFlight--;
      }
    },
    maxInFlight: () => max,
    puts: () => puts,
  };
}

let singleApi: string;
let multipartApi: string;

beforeAll(async () => {
  if (!fs.existsSync(PRESIGN_API_BUNDLE)) throw new Error(`${PRESIGN_API_BUNDLE} is missing: run "npx projen bundle" first`);
  versitygw = await VersitygwServer.start(REGION);
  await versitygw.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  singleApi = await serveApi({ maxUploadSize: Size.mebibytes(1), allowedContentTypes: ['text/plain', 'application/octet-stream'] });
  multipartApi = await serveApi(MULTIPART);
});

afterAll(async () => {
  for (const relay of relays) await relay.stop();
  for (const api of apis) await api.stop();
  for (const fn of functions) fn.stop();
  versitygw?.stop();
});

describe('upload() from the client package', () => {
  test('a small file: one PUT, stored byte for byte with the CRC64NVME the client computed', async () => {
    const bytes = randomBytes(200_000);
    const progress: number[] = [];
    const result = await upload(fileOf(bytes, 'notes.txt', 'text/plain'), {
      endpoint: singleApi, transport: fetchTransport(), onProgress: (p) => progress.push(p.loaded),
    });
    expect(result).toEqual({
      key: expect.stringMatching(/^uploads\/[0-9a-f-]+\/notes\.txt$/), size: bytes.length, checksum: await awsCrc64nvme(bytes), partCount: 1, resumedParts: 0,
    });
    expect((await storedBytes(result.key)).equals(bytes)).toBe(true);
    const head = await versitygw.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: result.key, ChecksumMode: 'ENABLED' }));
    expect([head.ContentType, head.ChecksumCRC64NVME]).toEqual(['text/plain', result.checksum]);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  test('a large file: its parts go several at a time, and the object is the file', async () => {
    const bytes = randomBytes(21 * MiB + 12345);
    const counting = countingTransport();
    const progress: number[] = [];
    const result = await upload(fileOf(bytes), {
      endpoint: multipartApi,
      multipartThreshold: THRESHOLD,
      transport: counting.transport,
      concurrency: 3,
      onProgress: (p) => progress.push(p.loaded),
    });
    expect([result.partCount, result.size, result.checksum]).toEqual([5, bytes.length, await awsCrc64nvme(bytes)]);
    expect((await storedBytes(result.key)).equals(bytes)).toBe(true);
    expect(counting.maxInFlight()).toBe(3);
    expect(counting.puts()).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(bytes.length);
  });

  test('a part whose bytes change on the way is refused by S3 (BadDigest), signed afresh and sent again', async () => {
    const { endpoint, relay } = await serveThroughRelay({ 2: 'change-byte' });
    const bytes = randomBytes(12 * MiB);
    const result = await upload(fileOf(bytes), { endpoint, multipartThreshold: THRESHOLD, transport: fetchTransport(), concurrency: 2 });
    expect((await storedBytes(result.key)).equals(bytes)).toBe(true);
    const part2 = relay.requests.filter((r) => r.method === 'PUT' && r.partNumber === 2);
    expect(part2.map((r) => [r.fault, r.status, r.s3ErrorCode])).toEqual([['change-byte', 400, 'BadDigest'], [undefined, 200, undefined]]);
  });

  test('a part whose connection is cut halfway is sent again, and the object is still the file', async () => {
    const { endpoint, relay } = await serveThroughRelay({ 3: 'truncate' });
    const bytes = randomBytes(11 * MiB);
    const result = await upload(fileOf(bytes), { endpoint, multipartThreshold: THRESHOLD, transport: fetchTransport(), retry: { baseDelayMs: 10 } });
    expect((await storedBytes(result.key)).equals(bytes)).toBe(true);
    expect(relay.requests.filter((r) => r.method === 'PUT' && r.partNumber === 3).map((r) => r.status)).toEqual([0, 200]);
  });

  test('an interrupted multipart upload resumes from the parts S3 holds when the same file is given again', async () => {
    const bytes = randomBytes(16 * MiB);
    const file = fileOf(bytes, 'resumed.bin');
    const store = memoryResumeStore();
    const inner = fetchTransport();
    let parts = 0;
    // The link goes down after two parts, for longer than the retries last.
    const failing: S3Transport = async (request) => {
      if (request.method === 'PUT' && ++parts > 2) throw new TypeError('network down');
      return inner(request);
    };
    const options: UploadOptions = {
      endpoint: multipartApi, multipartThreshold: THRESHOLD, concurrency: 1, resumeStore: store, retry: { retries: 1, baseDelayMs: 1 },
    };
    const failure = await upload(file, { ...options, transport: failing }).catch((e) => e);
    expect(failure).toBeInstanceOf(UploadError);
    expect(failure.code).toBe('NETWORK_ERROR');
    const counting = countingTransport();
    const result = await upload(file, { ...options, transport: counting.transport });
    expect([result.partCount, result.resumedParts, counting.puts()]).toEqual([4, 2, 2]);
    expect((await storedBytes(result.key)).equals(bytes)).toBe(true);
    expect(store.get(JSON.stringify(['resumed.bin', bytes.length, 'application/octet-stream', 1_700_000_000_000]))).toBeUndefined();
  });

  test('an aborted upload rejects with ABORTED and leaves no multipart upload behind', async () => {
    const bytes = randomBytes(16 * MiB);
    const controller = new AbortController();
    const inner = fetchTransport();
    const transport: S3Transport = async (request) => {
      const response = await inner(request);
      if (request.method === 'PUT') controller.abort(new Error('the user cancelled'));
      return response;
    };
    const failure = await upload(fileOf(bytes, 'cancelled.bin'), { endpoint: multipartApi, multipartThreshold: THRESHOLD, transport, concurrency: 1, signal: controller.signal })
      .catch((e) => e);
    expect([failure.code, failure.status]).toEqual(['ABORTED', 0]);
    const listed = await versitygw.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect((listed.Uploads ?? []).filter((u) => u.Key?.endsWith('/cancelled.bin'))).toEqual([]);
  });

  test('a file at most the endpoint\'s threshold goes as one PUT, whatever the client\'s threshold', async () => {
    const bytes = randomBytes(3 * MiB);
    const result = await upload(fileOf(bytes), { endpoint: multipartApi, transport: fetchTransport(), multipartThreshold: MiB });
    expect([result.partCount, (await storedBytes(result.key)).equals(bytes)]).toEqual([1, true]);
  });

  test('a refusal carries the endpoint\'s code and words; 503 and 429 are tried again after Retry-After', async () => {
    const refused = await upload(fileOf(randomBytes(10), 'page.html', 'text/html'), { endpoint: singleApi, transport: fetchTransport() })
      .catch((e) => e);
    expect([refused.code, refused.status]).toEqual(['CONTENT_TYPE_NOT_ALLOWED', 400]);
    expect(refused.message).toMatch(/text\/html/);

    let calls = 0;
    const busyOnce: UploadOptions['presignFetch'] = async (url, init) => {
      if (++calls === 1) {
        return new Response(JSON.stringify({ code: 'QUOTA_UNAVAILABLE', message: 'try again' }), { status: 503, headers: { 'retry-after': '0' } });
      }
      return fetch(url, init);
    };
    const bytes = randomBytes(1000);
    const result = await upload(fileOf(bytes, 'after-retry.txt', 'text/plain'), {
      endpoint: singleApi, transport: fetchTransport(), presignFetch: busyOnce,
    });
    expect([calls, (await storedBytes(result.key)).equals(bytes)]).toEqual([2, true]);
  });
});
