import { crc64nvme } from '../src/crc64nvme';
import type { S3Request, S3Transport } from '../src/transport';
import { upload } from '../src/upload';

/**
 * upload()'s multipart schedule against an endpoint and an S3 held in
 * memory: which presign calls it makes, in what order, and what reaches S3.
 * The browser and versitygw runs (test/e2e/client-upload.test.ts) prove the
 * same uploads against a real S3 API; these pin the schedule itself.
 */

const PART = 1024;

interface PartCall { readonly first: number; readonly checksums: readonly string[] }

/** A presign endpoint for one multipart layout, recording every part call. */
function endpoint(partCount: number, size: number) {
  const partCalls: PartCall[] = [];
  const presignFetch = async (_url: string, init: RequestInit): Promise<Response> => {
    const body = JSON.parse(init.body as string);
    const answer = (extra: object) => new Response(JSON.stringify({ key: 'uploads/c/f.bin', expiresIn: 900, headers: {}, ...extra }));
    if (body.method === 'POST' && body.uploadId === undefined) return answer({ method: 'POST', url: 'https://s3/create', partSize: PART, partCount });
    if (body.method === 'PUT') {
      partCalls.push({ first: body.partNumber, checksums: body.partChecksums });
      const parts = body.partChecksums.map((checksum: string, i: number) => ({
        partNumber: body.partNumber + i,
        url: `https://s3/part/${body.partNumber + i}`,
        headers: { 'x-amz-checksum-crc64nvme': checksum },
        size: Math.min(PART, size - (body.partNumber + i - 1) * PART),
      }));
      return answer({ method: 'PUT', url: parts[0].url, parts });
    }
    return answer({ method: body.method, url: `https://s3/${body.method}` });
  };
  return { presignFetch, partCalls };
}

/** An S3 that takes every request, keeping each part's bytes. */
function memoryS3(onPart: (partNumber: number) => void = () => {}) {
  const parts = new Map<number, Uint8Array>();
  let completion = '';
  const transport: S3Transport = async (request: S3Request) => {
    const part = /\/part\/(\d+)$/.exec(request.url);
    if (part !== null) {
      const n = Number(part[1]);
      onPart(n);
      parts.set(n, new Uint8Array(await (request.body as Blob).arrayBuffer()));
      return { status: 200, text: '', header: (name) => (name === 'etag' ? `"etag-${n}"` : null) };
    }
    if (request.url.endsWith('/create')) return { status: 200, text: '<InitiateMultipartUploadResult><UploadId>u-1</UploadId></InitiateMultipartUploadResult>', header: () => null };
    if (request.url.endsWith('/POST')) completion = request.body as string;
    return { status: 200, text: '', header: () => null };
  };
  return { transport, parts, completion: () => completion };
}

function fileOf(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + Math.floor(i / 1024)) % 256;
  return new Blob([bytes], { type: 'application/octet-stream' });
}

test('each part is signed once, with its own CRC64NVME, and S3 gets every byte and a completion of every part in order', async () => {
  const size = 9 * PART + 100;
  const file = fileOf(size);
  const { presignFetch, partCalls } = endpoint(10, size);
  const s3 = memoryS3();
  const result = await upload(file, { endpoint: 'https://api/uploads', presignFetch, transport: s3.transport, multipartThreshold: PART, concurrency: 3 });

  expect(result).toMatchObject({ key: 'uploads/c/f.bin', size, partCount: 10, resumedParts: 0, checksum: await crc64nvme(file) });
  const signed = partCalls.flatMap((call) => call.checksums.map((_, i) => call.first + i)).sort((a, b) => a - b);
  expect(signed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const call of partCalls) {
    for (const [i, checksum] of call.checksums.entries()) {
      expect(checksum).toBe(await crc64nvme(file.slice((call.first + i - 1) * PART, (call.first + i) * PART)));
    }
  }
  const stored = Buffer.concat([...s3.parts.keys()].sort((a, b) => a - b).map((n) => s3.parts.get(n)!));
  expect(stored.equals(Buffer.from(await file.arrayBuffer()))).toBe(true);
  expect([...s3.completion().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('part 1 goes out before the whole file is hashed: its URL is asked for alone', async () => {
  const size = 40 * PART;
  const { presignFetch, partCalls } = endpoint(40, size);
  // While part 1 is on its way, the rest is hashed; later calls take what is hashed by then, in batches.
  const s3 = memoryS3();
  await upload(fileOf(size), { endpoint: 'https://api/uploads', presignFetch, transport: s3.transport, multipartThreshold: PART, concurrency: 1 });
  expect(partCalls[0]).toMatchObject({ first: 1, checksums: [expect.any(String)] });
  expect(partCalls.length).toBeLessThan(40);
  expect(partCalls.map((call) => call.first)).toEqual([...partCalls.map((call) => call.first)].sort((a, b) => a - b));
});

test('an abort stops the upload and aborts it on S3', async () => {
  const size = 20 * PART;
  const { presignFetch } = endpoint(20, size);
  const controller = new AbortController();
  const s3 = memoryS3((n) => {
    if (n === 2) controller.abort();
  });
  const deletes: string[] = [];
  const transport: S3Transport = async (request) => {
    if (request.method === 'DELETE') deletes.push(request.url);
    return s3.transport(request);
  };
  await expect(upload(fileOf(size), {
    endpoint: 'https://api/uploads', presignFetch, transport, multipartThreshold: PART, concurrency: 1, signal: controller.signal,
  })).rejects.toMatchObject({ code: 'ABORTED' });
  expect(deletes).toEqual(['https://s3/DELETE']);
  expect(s3.parts.size).toBeLessThanOrEqual(2);
});

test('a part S3 refuses for good ends the upload, and the hashing with it', async () => {
  const partCount = 2000;
  const size = partCount * PART;
  const { presignFetch } = endpoint(partCount, size);
  const s3 = memoryS3();
  const transport: S3Transport = async (request) => (request.url.endsWith('/part/1')
    ? { status: 400, text: '<Error><Code>InvalidArgument</Code><Message>No.</Message></Error>', header: () => null }
    : s3.transport(request));
  /** The file, counting the parts sliced from it: the hasher slices each part it hashes. */
  let slices = 0;
  class CountingBlob extends Blob {
    public slice(...args: Parameters<Blob['slice']>): Blob {
      slices++;
      return super.slice(...args);
    }
  }
  const file = new CountingBlob([await fileOf(size).arrayBuffer()]);
  await expect(upload(file, { endpoint: 'https://api/uploads', presignFetch, transport, multipartThreshold: PART, concurrency: 1 }))
    .rejects.toMatchObject({ code: 'InvalidArgument' });
  const atFailure = slices;
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(slices - atFailure).toBeLessThanOrEqual(1);
  expect(slices).toBeLessThan(partCount);
});

/** A file whose bytes the browser can no longer read, as Chromium rejects reads of a file changed on disk. */
class UnreadableBlob extends Blob {
  public slice(...args: Parameters<Blob['slice']>): Blob {
    return new UnreadableBlob([super.slice(...args)]);
  }

  public arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new DOMException('The requested file could not be read.', 'NotReadableError'));
  }
}

test('a file the browser cannot read rejects with FILE_UNREADABLE, before anything is signed or sent', async () => {
  const presigns: string[] = [];
  const sent: string[] = [];
  const presignFetch = async (_url: string, init: RequestInit) => {
    presigns.push(JSON.parse(init.body as string).method);
    return new Response('{}', { status: 500 });
  };
  const transport: S3Transport = async (request) => {
    sent.push(request.url);
    return { status: 200, text: '', header: () => null };
  };
  const file = new UnreadableBlob([new Uint8Array(PART)]);
  const refusal = upload(file, { endpoint: 'https://api/uploads', presignFetch, transport });
  await expect(refusal).rejects.toMatchObject({ name: 'UploadError', code: 'FILE_UNREADABLE', status: 0 });
  await expect(refusal).rejects.toThrow(/^The file could not be read \(NotReadableError: The requested file could not be read\.\)/);
  expect([presigns, sent]).toEqual([[], []]);
});

test('a multipart file the browser cannot read fails with FILE_UNREADABLE once the upload is created: no part is signed or sent', async () => {
  const partCount = 3;
  const { presignFetch, partCalls } = endpoint(partCount, partCount * PART);
  const s3 = memoryS3();
  const file = new UnreadableBlob([new Uint8Array(partCount * PART)]);
  await expect(upload(file, { endpoint: 'https://api/uploads', presignFetch, transport: s3.transport, multipartThreshold: PART }))
    .rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  expect([partCalls, s3.parts.size]).toEqual([[], 0]);
});
