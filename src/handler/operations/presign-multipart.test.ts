import { makeKeyId } from './key-id';
import { checkIssuedKey } from './object-key';
import { loadPresignConfig } from '../presign-config';
import { presignRequest } from './check-request';
import type { PresignContext } from './check-request';
import type { PresignAnswer } from './presign-answer';
import { MAX_PART_URLS_PER_CALL } from './presign-multipart';
import { requestErrorOf } from '../../../test/request-error-of';
import { smithyPresign } from '../../../test/smithy-presign';
import { callerSegment } from '../caller/caller';
import { partLayout, partLength } from '../request/multipart-parts';
import { parseUploadRequest, type MultipartStepRequest, type UploadRequest } from '../request/upload-request';
import type { PresignUrlInput } from '../sigv4/presigned-url';
import { SigningKeyCache } from '../sigv4/sigv4';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
/** S3's largest object since December 2025: 10,000 parts of 5 GiB (about 48.8 TiB, "50 TB"). */
const LARGEST = 10_000 * 5 * GiB;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ENV = {
  UPLOAD_BUCKET: 'uploads-bucket',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_MAX_BYTES: String(LARGEST),
  UPLOAD_EXPIRES_SECONDS: '900',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  UPLOAD_MULTIPART_THRESHOLD: String(100 * MiB),
  UPLOAD_MULTIPART_PART_SIZE: String(5 * MiB),
  UPLOAD_CALLER_SOURCE: 'jwt',
  UPLOAD_CALLER_KEY: 'caller-key-for-tests-'.repeat(3),
  AWS_REGION: 'eu-west-1',
};
const ID = '9b2f6c1e-1d2f-4c3a-8b4d-5e6f7a8b9c0d';
/** The key segments of two callers under the test deployment's caller key. */
const ALICE = callerSegment('alice', Buffer.from(ENV.UPLOAD_CALLER_KEY));
const MALLORY = callerSegment('mallory', Buffer.from(ENV.UPLOAD_CALLER_KEY));
/** The key the start of an upload of `size` bytes named `name` gets: its id carries the size (`makeKeyId`). */
const keyOf = (size: number, name = 'film.mp4', segment: string | null = ALICE) =>
  `uploads/${segment === null ? '' : segment + '/'}${makeKeyId(ID, size, Buffer.from(ENV.UPLOAD_CALLER_KEY))}/${name}`;
/** Alice's upload of 12 MiB. */
const KEY = keyOf(12 * MiB);
const UPLOAD_ID = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA--';
/** The headers every new upload signs with fixed values (a multipart upload's start included). */
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };
/** A well-formed CRC64NVME value, and `count` different ones. */
const CHECKSUM = 'q6RMRSIZNf4=';
const checksums = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`${i}`.padStart(8, '0')).toString('base64'));
/** What a multipart upload's start signs: the full-object CRC64NVME every part and the completion carry. */
const MULTIPART_CHECKSUM = { 'x-amz-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-type': 'FULL_OBJECT' };
/** One request of each step of a multipart upload, on alice's key. */
const STEPS: MultipartStepRequest[] = [
  { operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber: 1, partChecksums: [CHECKSUM], size: 12 * MiB },
  { operation: 'listParts', key: KEY, uploadId: UPLOAD_ID },
  { operation: 'completeMultipartUpload', key: KEY, uploadId: UPLOAD_ID, size: 12 * MiB, checksum: CHECKSUM },
  { operation: 'abortMultipartUpload', key: KEY, uploadId: UPLOAD_ID },
];
const NOW = new Date('2026-11-23T12:00:00Z');
const context: PresignContext = {
  now: NOW,
  id: ID,
  caller: 'alice',
  credentials: { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLE+token/=' },
};

/** The part URLs of an answer (none for any other step). */
const partsOf = (answer: PresignAnswer) => answer.parts ?? [];

function sign(request: UploadRequest, env: Record<string, string | undefined> = {}, ctx: Partial<PresignContext> = {}) {
  const config = loadPresignConfig(Object.fromEntries(Object.entries({ ...ENV, ...env }).filter(([, v]) => v !== undefined)));
  return presignRequest(request, config, { ...context, ...ctx }, new SigningKeyCache());
}

/**
 * What the URL must be, recomputed by @smithy/signature-v4 from the method,
 * key, the operation's query and the headers that must be signed: equal
 * query parameters prove that exactly these are signed.
 */
async function expectSignedAs(url: string, method: string, headers: Record<string, string>): Promise<void> {
  const parsed = new URL(url);
  const query = Object.fromEntries([...parsed.searchParams].filter(([name]) => !name.startsWith('X-Amz-')));
  const input: PresignUrlInput = {
    method,
    protocol: 'https:',
    host: parsed.host,
    path: parsed.pathname,
    headers,
    query,
    region: 'eu-west-1',
    service: 's3',
    accessKeyId: context.credentials.accessKeyId,
    sessionToken: context.credentials.sessionToken,
    signedAt: NOW,
    expiresSeconds: 900,
  };
  expect(Object.fromEntries(parsed.searchParams)).toEqual(await smithyPresign(input, SECRET));
}

describe('the part layout is Uppy\'s with getChunkSize: max(partSize, ceil(size / 10,000))', () => {
  test.each([
    [1, 5 * MiB, 1],
    [5 * MiB, 5 * MiB, 1],
    [5 * MiB + 1, 5 * MiB, 2],
    [12 * MiB, 5 * MiB, 3],
    [10 * GiB, 5 * MiB, 2048],
    [50_000 * MiB, 5 * MiB, 10_000],
    [50_000 * MiB + 1, Math.ceil((50_000 * MiB + 1) / 10_000), 10_000],
    [5 * TiB, Math.ceil(5 * TiB / 10_000), 10_000],
    // At S3's largest object every part is S3's largest part, 5 GiB.
    [LARGEST - 1, 5 * GiB, 10_000],
    [LARGEST, 5 * GiB, 10_000],
  ])('%d bytes: parts of %d bytes, %d of them', (size, partSize, partCount) => {
    expect(partLayout(size, 5 * MiB)).toEqual({ partSize, partCount });
  });

  test.each([
    [1, 64 * MiB, 1],
    [64 * MiB, 64 * MiB, 1],
    [64 * MiB + 1, 64 * MiB, 2],
    [10 * GiB, 64 * MiB, 160],
    [640_000 * MiB, 64 * MiB, 10_000],
    [640_000 * MiB + 1, Math.ceil((640_000 * MiB + 1) / 10_000), 10_000],
    [LARGEST, 5 * GiB, 10_000],
  ])('with 64 MiB parts, %d bytes: parts of %d bytes, %d of them', (size, partSize, partCount) => {
    expect(partLayout(size, 64 * MiB)).toEqual({ partSize, partCount });
  });

  test('the parts add up to the size, and only the last is shorter', () => {
    for (const size of [12 * MiB, 10 * GiB + 7, 5 * TiB, 50_000 * MiB + 1, LARGEST - 1, LARGEST]) {
      const layout = partLayout(size, 5 * MiB);
      let total = 0;
      for (let n = 1; n <= layout.partCount; n++) total += partLength(size, layout, n);
      expect(total).toBe(size);
      expect(partLength(size, layout, layout.partCount)).toBeGreaterThan(0);
      expect(partLength(size, layout, layout.partCount)).toBeLessThanOrEqual(layout.partSize);
      expect(layout.partSize).toBeLessThanOrEqual(5 * GiB); // S3's largest part
    }
  });
});

describe('parsing the steps of a multipart upload (Uppy 6 signRequest shape)', () => {
  const parse = (body: object) => parseUploadRequest({ contentTypeHeader: 'application/json', body: JSON.stringify(body) });

  test.each([
    [{ method: 'POST', filename: 'a.mp4', contentType: 'video/mp4', size: 1 }, { operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: 1 }],
    [{ method: 'PUT', filename: 'a.mp4', contentType: 'video/mp4', size: 1, checksum: CHECKSUM },
      { operation: 'putObject', filename: 'a.mp4', contentType: 'video/mp4', size: 1, checksum: CHECKSUM }],
    [{ method: 'PUT', key: KEY, uploadId: 'u', partNumber: 2, partChecksums: checksums(8), size: 1 },
      { operation: 'uploadPart', key: KEY, uploadId: 'u', partNumber: 2, partChecksums: checksums(8), size: 1 }],
    [{ method: 'GET', key: KEY, uploadId: 'u' }, { operation: 'listParts', key: KEY, uploadId: 'u' }],
    [{ method: 'POST', key: KEY, uploadId: 'u', size: 3, checksum: CHECKSUM },
      { operation: 'completeMultipartUpload', key: KEY, uploadId: 'u', size: 3, checksum: CHECKSUM }],
    [{ method: 'DELETE', key: KEY, uploadId: 'u' }, { operation: 'abortMultipartUpload', key: KEY, uploadId: 'u' }],
  ])('%j', (body, expected) => {
    expect(parse(body)).toEqual(expect.objectContaining(expected));
  });

  test.each<[object, string, string]>([
    [{ method: 'PATCH', key: KEY, uploadId: 'u' }, 'INVALID_OPERATION', 'Field "method" is "PATCH"; use PUT, POST, GET or DELETE, as Uppy\'s signRequest gives it.'],
    [{ method: 'toString', key: KEY, uploadId: 'u' }, 'INVALID_OPERATION', 'Field "method" is "toString"; use PUT, POST, GET or DELETE, as Uppy\'s signRequest gives it.'],
    [{ method: 7 }, 'INVALID_FIELD_TYPE', 'Field "method" must be a string.'],
    [{ method: 'GET', key: KEY }, 'MISSING_FIELD', 'Field "uploadId" is required in a GET request.'],
    [{ method: 'DELETE', key: KEY, uploadId: null }, 'MISSING_FIELD', 'Field "uploadId" is required in a DELETE request.'],
    [{ method: 'POST', key: 'uploads/x', filename: 'a', contentType: 'video/mp4', size: 1 }, 'UNKNOWN_FIELD',
      'Field "key" is not accepted when an upload starts; the server chooses the key, bucket and access control.'],
    [{ method: 'PUT', key: KEY, uploadId: 'u', size: 1 }, 'MISSING_FIELD', 'Field "partNumber" is required in a uploadPart request.'],
    [{ method: 'PUT', key: KEY, uploadId: 'u', partNumber: 1, partChecksums: [CHECKSUM] }, 'MISSING_FIELD',
      'Field "size" is required: the exact size of the file in bytes (File.size).'],
    [{ method: 'POST', key: KEY, uploadId: 'u' }, 'MISSING_FIELD', 'Field "size" is required: the exact size of the file in bytes (File.size).'],
    [{ method: 'PUT', key: KEY, uploadId: 'u', partNumber: '1', size: 1 }, 'INVALID_FIELD_TYPE', 'Field "partNumber" must be a number.'],
    [{ method: 'GET', key: 5, uploadId: 'u' }, 'INVALID_FIELD_TYPE', 'Field "key" must be a string.'],
    [{ method: 'GET', key: KEY, uploadId: 'u', filename: 'a' }, 'UNKNOWN_FIELD',
      'Field "filename" is not accepted in a listParts request; it takes "method", "key", "uploadId", "size".'],
    [{ method: 'POST', key: KEY, uploadId: 'u', size: 1, partNumber: 1 }, 'UNKNOWN_FIELD',
      'Field "partNumber" is not accepted in a completeMultipartUpload request; it takes "method", "key", "uploadId", "size", "checksum".'],
    [{ filename: 'a', contentType: 'video/mp4', size: 1, partNumber: 1 }, 'UNKNOWN_FIELD',
      'Field "partNumber" is not accepted in a putObject request; it takes "method", "filename", "contentType", "size", "checksum".'],
  ])('%j is refused: %s', (body, code, message) => {
    const error = requestErrorOf(() => parse(body));
    expect([error.status, error.code, error.message]).toEqual([400, code, message]);
  });
});

describe('checkIssuedKey: a step names a key this endpoint issued, to this caller', () => {
  test('accepts the keys makeObjectKey makes', () => {
    expect(() => checkIssuedKey(KEY, { prefix: 'uploads/', callerSegment: ALICE })).not.toThrow();
    expect(() => checkIssuedKey(`uploads/${ID}/film.mp4`, { prefix: 'uploads/' })).not.toThrow();
    expect(() => checkIssuedKey(`${ID}/film.mp4`, { prefix: '' })).not.toThrow();
    expect(() => checkIssuedKey(`uploads/${MALLORY}/${ID}/r_sum_.pdf`, { prefix: 'uploads/', callerSegment: MALLORY })).not.toThrow();
  });

  test('another caller\'s key is 403 KEY_NOT_YOURS', () => {
    const error = requestErrorOf(() => checkIssuedKey(KEY, { prefix: 'uploads/', callerSegment: MALLORY }));
    expect([error.status, error.code, error.message]).toEqual([403, 'KEY_NOT_YOURS',
      'key belongs to another caller: only the caller who started an upload may continue, complete or abort it.']);
    // A segment that differs in its last digit only is still another caller's.
    const near = ALICE.slice(0, -1) + (ALICE.endsWith('0') ? '1' : '0');
    expect(requestErrorOf(() => checkIssuedKey(KEY, { prefix: 'uploads/', callerSegment: near })).code).toBe('KEY_NOT_YOURS');
  });

  test.each([
    ['another prefix', `other/${ALICE}/${ID}/film.mp4`],
    ['no caller segment', `uploads/${ID}/film.mp4`],
    ['an extra segment', `uploads/${ALICE}/x/${ID}/film.mp4`],
    ['an id that is not a v4 UUID', `uploads/${ALICE}/9b2f6c1e-1d2f-1c3a-8b4d-5e6f7a8b9c0d/film.mp4`],
    ['an upper-case id', `uploads/${ALICE}/${ID.toUpperCase()}/film.mp4`],
    ['an unsanitized name', `uploads/${ALICE}/${ID}/my film.mp4`],
    ['a traversal name', `uploads/${ALICE}/${ID}/..`],
    ['an empty name', `uploads/${ALICE}/${ID}/`],
    ['a caller segment in upper case', `uploads/${ALICE.toUpperCase()}/${ID}/film.mp4`],
    ['a caller segment one digit short', `uploads/${ALICE.slice(1)}/${ID}/film.mp4`],
    ['a caller segment one digit long', `uploads/${ALICE}0/${ID}/film.mp4`],
    ['a caller in clear instead of its segment', `uploads/alice/${ID}/film.mp4`],
    ['a key over 1024 bytes', `uploads/${ALICE}/${ID}/${'a'.repeat(1000)}`],
  ])('%s is 400 INVALID_KEY', (_what, key) => {
    const error = requestErrorOf(() => checkIssuedKey(key, { prefix: 'uploads/', callerSegment: ALICE }));
    expect([error.status, error.code, error.message]).toEqual([400, 'INVALID_KEY',
      'key is not one this endpoint issues ("uploads/{caller}/{uuid}/{filename}"): send the key the upload started with.']);
  });

  test('without callers, a key with a caller segment is not issued', () => {
    expect(requestErrorOf(() => checkIssuedKey(KEY, { prefix: 'uploads/' })).message)
      .toBe('key is not one this endpoint issues ("uploads/{uuid}/{filename}"): send the key the upload started with.');
  });
});

describe('presigned steps of a multipart upload, each recomputed by @smithy/signature-v4', () => {
  const size = 10 * GiB;

  test('start: POST ?uploads with the content type signed, and the server\'s key and part layout', async () => {
    const answer = sign({ operation: 'createMultipartUpload', filename: 'My Film.mp4', contentType: 'video/mp4', size });
    expect(answer).toEqual({
      method: 'POST',
      url: expect.any(String),
      headers: { 'content-type': 'video/mp4', ...PINNED, 'x-amz-meta-uploaded-by': 'alice', ...MULTIPART_CHECKSUM },
      key: keyOf(size, 'My_Film.mp4'),
      expiresAt: '2026-11-23T12:15:00.000Z',
      expiresIn: 900,
      size,
      partSize: 5 * MiB,
      partCount: 2048,
    });
    expect(answer.url.startsWith(`https://uploads-bucket.s3.eu-west-1.amazonaws.com/${keyOf(size, 'My_Film.mp4')}?`)).toBe(true);
    expect(new URL(answer.url).searchParams.get('uploads')).toBe('');
    await expectSignedAs(answer.url, 'POST', answer.headers);
  });

  test('start with SSE-KMS signs the encryption headers too', async () => {
    const kms = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const answer = sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size }, { UPLOAD_KMS_KEY_ARN: kms });
    expect(answer.headers).toEqual({
      'content-type': 'video/mp4',
      ...PINNED,
      'x-amz-meta-uploaded-by': 'alice',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': kms,
      ...MULTIPART_CHECKSUM,
    });
    await expectSignedAs(answer.url, 'POST', answer.headers);
  });

  test('parts: each URL signs its part number, the upload id, that part\'s exact Content-Length and its own checksum', async () => {
    const sums = checksums(3);
    const answer = sign({ operation: 'uploadPart', key: keyOf(size + 7), uploadId: UPLOAD_ID, partNumber: 2047, partChecksums: sums, size: size + 7 });
    // 10 GiB + 7 bytes: 2048 parts of 5 MiB, and a 2049th of 7 bytes.
    expect(partsOf(answer).map((p) => [p.partNumber, p.size, p.headers])).toEqual([
      [2047, 5 * MiB, { 'x-amz-checksum-crc64nvme': sums[0] }],
      [2048, 5 * MiB, { 'x-amz-checksum-crc64nvme': sums[1] }],
      [2049, 7, { 'x-amz-checksum-crc64nvme': sums[2] }],
    ]);
    expect([answer.url, answer.headers]).toEqual([partsOf(answer)[0].url, partsOf(answer)[0].headers]);
    for (const part of partsOf(answer)) {
      expect(new URL(part.url).searchParams.get('partNumber')).toBe(String(part.partNumber));
      expect(new URL(part.url).searchParams.get('uploadId')).toBe(UPLOAD_ID);
      await expectSignedAs(part.url, 'PUT', { ...part.headers, 'content-length': String(part.size) });
    }
  });

  test(`one call signs at most ${MAX_PART_URLS_PER_CALL} parts, one per checksum`, () => {
    const key = keyOf(size);
    const many = sign({ operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 1, partChecksums: checksums(MAX_PART_URLS_PER_CALL), size });
    expect(partsOf(many).map((p) => p.partNumber)).toEqual(Array.from({ length: MAX_PART_URLS_PER_CALL }, (_, i) => i + 1));
    const error = requestErrorOf(() => sign({ operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 1, partChecksums: checksums(501), size }));
    expect([error.status, error.code, error.message]).toEqual([400, 'TOO_MANY_PARTS', 'One call signs at most 500 part URLs; this one sent 501 checksums.']);
    expect(partsOf(sign({ operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 5, partChecksums: [CHECKSUM], size })).map((p) => p.partNumber)).toEqual([5]);
  });

  test('completion: the total size, the file\'s full-object checksum and If-None-Match are signed', async () => {
    const answer = sign({ operation: 'completeMultipartUpload', key: keyOf(size), uploadId: UPLOAD_ID, size, checksum: CHECKSUM });
    expect(answer.headers).toEqual({
      'if-none-match': '*', 'x-amz-mp-object-size': String(size), 'x-amz-checksum-crc64nvme': CHECKSUM, 'x-amz-checksum-type': 'FULL_OBJECT',
    });
    expect([answer.method, answer.size]).toEqual(['POST', size]);
    await expectSignedAs(answer.url, 'POST', answer.headers);
  });

  test.each([['listParts', 'GET'], ['abortMultipartUpload', 'DELETE']] as const)('%s: %s ?uploadId', async (operation, method) => {
    const answer = sign({ operation, key: KEY, uploadId: UPLOAD_ID });
    expect([answer.method, answer.headers, answer.key]).toEqual([method, {}, KEY]);
    await expectSignedAs(answer.url, method, {});
  });

  test('with Transfer Acceleration, every URL (one PUT, start, parts, list, completion, abort) is on the accelerate host, signed as AWS\'s signer signs it', async () => {
    const accelerated = { UPLOAD_TRANSFER_ACCELERATION: 'true' };
    const host = `${ENV.UPLOAD_BUCKET}.s3-accelerate.amazonaws.com`;
    const single = sign({ operation: 'putObject', filename: 'a.mp4', contentType: 'video/mp4', size: 10, checksum: CHECKSUM }, accelerated);
    const start = sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: 200 * MiB }, accelerated);
    const [parts, list, completion, abort] = STEPS.map((step) => sign(step, accelerated));
    const urls = [single.url, start.url, ...partsOf(parts).map((p) => p.url), list.url, completion.url, abort.url];
    expect(urls.map((url) => new URL(url).host)).toEqual(urls.map(() => host));
    expect(new URL(single.url).pathname).toBe(`/${keyOf(10, 'a.mp4')}`);
    await expectSignedAs(single.url, 'PUT', { ...single.headers, 'content-length': '10' });
    await expectSignedAs(start.url, 'POST', start.headers);
    for (const part of partsOf(parts)) await expectSignedAs(part.url, 'PUT', { ...part.headers, 'content-length': String(part.size) });
    await expectSignedAs(list.url, 'GET', {});
    await expectSignedAs(completion.url, 'POST', completion.headers);
    await expectSignedAs(abort.url, 'DELETE', {});
  });

  test('the largest upload: S3\'s largest object (10,000 parts of 5 GiB) is accepted, one byte more is 413 FILE_TOO_LARGE', () => {
    expect(LARGEST).toBe(53_687_091_200_000);
    const key = keyOf(LARGEST);
    expect(sign({ operation: 'completeMultipartUpload', key, uploadId: UPLOAD_ID, size: LARGEST, checksum: CHECKSUM }).headers['x-amz-mp-object-size'])
      .toBe(String(LARGEST));
    const start = sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: LARGEST });
    expect([start.partSize, start.partCount]).toEqual([5 * GiB, 10_000]);
    const last = sign({ operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 10_000, partChecksums: [CHECKSUM], size: LARGEST });
    expect(partsOf(last).map((p) => [p.partNumber, p.size])).toEqual([[10_000, 5 * GiB]]);
    expect(requestErrorOf(() => sign({ operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 10_001, partChecksums: [CHECKSUM], size: LARGEST })).code)
      .toBe('PART_NUMBER_OUT_OF_RANGE');
    for (const operation of ['completeMultipartUpload', 'uploadPart'] as const) {
      const error = requestErrorOf(() => sign({
        operation, key: KEY, uploadId: UPLOAD_ID, partNumber: 1, partChecksums: [CHECKSUM], checksum: CHECKSUM, size: LARGEST + 1,
      } as UploadRequest));
      expect([error.status, error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    }
    const error = requestErrorOf(() => sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: LARGEST + 1 }));
    expect([error.status, error.code]).toEqual([413, 'FILE_TOO_LARGE']);
  });
});

describe('refusals, with nothing signed', () => {
  const size = 12 * MiB;
  const refusal = (request: UploadRequest, env: Record<string, string | undefined> = {}, ctx: Partial<PresignContext> = {}) => {
    const error = requestErrorOf(() => sign(request, env, ctx));
    return [error.status, error.code, error.message];
  };

  test('a checksum for a part beyond what the declared size has: nothing signed, not even the parts that exist', () => {
    expect(refusal({ operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber: 4, partChecksums: [CHECKSUM], size }))
      .toEqual([400, 'PART_NUMBER_OUT_OF_RANGE', 'A file of 12 MiB has 3 parts of 5 MiB; 1 checksum from part 4 on describes parts up to 4.']);
    expect(refusal({ operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber: 3, partChecksums: checksums(2), size }))
      .toEqual([400, 'PART_NUMBER_OUT_OF_RANGE', 'A file of 12 MiB has 3 parts of 5 MiB; 2 checksums from part 3 on describe parts up to 4.']);
    expect(refusal({ operation: 'uploadPart', key: keyOf(1), uploadId: UPLOAD_ID, partNumber: 2, partChecksums: [CHECKSUM], size: 1 }))
      .toEqual([400, 'PART_NUMBER_OUT_OF_RANGE', 'A file of 1 byte has 1 part of 5 MiB; 1 checksum from part 2 on describes parts up to 2.']);
    expect(partsOf(sign({ operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber: 2, partChecksums: checksums(2), size })).map((p) => p.partNumber))
      .toEqual([2, 3]);
  });

  test.each([0, 1.5, -1, Number.MAX_SAFE_INTEGER + 1])('partNumber %p: 400 INVALID_PART_NUMBER', (partNumber) => {
    expect(refusal({ operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber, partChecksums: [CHECKSUM], size }))
      .toEqual([400, 'INVALID_PART_NUMBER', '"partNumber" must be a whole number from 1.']);
  });

  test('a completion claiming more than the maximum', () => {
    expect(refusal({ operation: 'completeMultipartUpload', key: keyOf(2 * GiB + 1), uploadId: UPLOAD_ID, size: 2 * GiB + 1, checksum: CHECKSUM }, { UPLOAD_MAX_BYTES: String(2 * GiB) }))
      .toEqual([413, 'FILE_TOO_LARGE', `The file is just over 2 GiB (${2 * GiB + 1} bytes); this endpoint accepts at most 2 GiB.`]);
  });

  test('a step for another caller\'s key, or without a caller', () => {
    expect(refusal({ operation: 'abortMultipartUpload', key: KEY, uploadId: UPLOAD_ID }, {}, { caller: 'mallory' })[1]).toBe('KEY_NOT_YOURS');
    expect(refusal({ operation: 'listParts', key: KEY, uploadId: UPLOAD_ID }, {}, { caller: undefined }))
      .toEqual([403, 'MISSING_CALLER', 'The access token has no "sub" claim, so there is no caller to key the upload by.']);
    expect(refusal({ operation: 'listParts', key: KEY, uploadId: UPLOAD_ID }, { UPLOAD_CALLER_SOURCE: 'iam' }, { caller: '' })[1]).toBe('MISSING_CALLER');
  });

  test.each(['', 'a b', 'a\nb', 'id&x=1', 'x'.repeat(1025)])('upload id %j: 400 INVALID_UPLOAD_ID', (uploadId) => {
    expect(refusal({ operation: 'listParts', key: KEY, uploadId })).toEqual([400, 'INVALID_UPLOAD_ID',
      'uploadId is not an S3 upload id: send the one CreateMultipartUpload returned.']);
  });

  test('multipart off: every multipart request is 400 MULTIPART_DISABLED', () => {
    const off = { UPLOAD_MULTIPART_THRESHOLD: undefined, UPLOAD_MAX_BYTES: String(GiB) };
    const message = 'This endpoint does not sign multipart uploads; upload the file with one PUT ("method": "PUT").';
    expect(refusal({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: 200 * MiB }, off)).toEqual([400, 'MULTIPART_DISABLED', message]);
    expect(refusal({ operation: 'listParts', key: KEY, uploadId: UPLOAD_ID }, off)).toEqual([400, 'MULTIPART_DISABLED', message]);
  });

  test('starting a multipart upload for a file at or below the threshold: 400 MULTIPART_BELOW_THRESHOLD', () => {
    const threshold = 100 * MiB;
    expect(refusal({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: threshold })).toEqual([400, 'MULTIPART_BELOW_THRESHOLD',
      'The file is 100 MiB; files of at most 100 MiB are uploaded with one PUT ("method": "PUT").']);
    expect(sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: threshold + 1 }).partCount).toBe(21);
  });

  test('one PUT above 5 GiB: 400 MULTIPART_REQUIRED; exactly 5 GiB is one PUT', () => {
    expect(refusal({ operation: 'putObject', filename: 'a.mp4', contentType: 'video/mp4', size: 5 * GiB + 1, checksum: CHECKSUM })).toEqual([400, 'MULTIPART_REQUIRED',
      `The file is just over 5 GiB (${5 * GiB + 1} bytes); one PUT carries at most 5 GiB: start a multipart upload with "method": "POST".`]);
    expect(sign({ operation: 'putObject', filename: 'a.mp4', contentType: 'video/mp4', size: 5 * GiB, checksum: CHECKSUM }).method).toBe('PUT');
  });

  test('the start checks the content type like a single upload does', () => {
    expect(refusal({ operation: 'createMultipartUpload', filename: 'a.html', contentType: 'text/html', size })[1]).toBe('CONTENT_TYPE_NOT_ALLOWED');
  });
});

describe('edges the mutation run found untested', () => {
  const parse = (body: object) => parseUploadRequest({ contentTypeHeader: 'application/json', body: JSON.stringify(body) });

  test.each(['PUT', 'GET', 'POST', 'DELETE'])('a %s step without a key is MISSING_FIELD', (method) => {
    const error = requestErrorOf(() => parse({ method, uploadId: 'u', size: 1, ...(method === 'PUT' ? { partNumber: 1 } : {}) }));
    expect([error.code, error.message]).toEqual(['MISSING_FIELD', expect.stringMatching(/^Field "key" is required in a \w+ request\.$/)]);
  });

  test.each(['filename', 'contentType', 'size'])('starting a multipart upload without %s is MISSING_FIELD', (field) => {
    const body: Record<string, unknown> = { method: 'POST', filename: 'a.mp4', contentType: 'video/mp4', size: 1 };
    delete body[field];
    expect(requestErrorOf(() => parse(body)).code).toBe('MISSING_FIELD');
  });

  test('list and abort accept the size the glue sends along', () => {
    expect(parse({ method: 'GET', key: KEY, uploadId: 'u', size: 5 })).toEqual({ operation: 'listParts', key: KEY, uploadId: 'u', size: 5 });
    expect(parse({ method: 'DELETE', key: KEY, uploadId: 'u', size: 5 })).toEqual({ operation: 'abortMultipartUpload', key: KEY, uploadId: 'u', size: 5 });
  });

  test('each operation\'s request has exactly its own fields, no absent one set to undefined', () => {
    expect(parse({ method: 'PUT', key: KEY, uploadId: 'u', partNumber: 2, partChecksums: [CHECKSUM], size: 5 }))
      .toStrictEqual({ operation: 'uploadPart', key: KEY, uploadId: 'u', size: 5, partNumber: 2, partChecksums: [CHECKSUM] });
    expect(parse({ method: 'POST', key: KEY, uploadId: 'u', size: 5, checksum: CHECKSUM }))
      .toStrictEqual({ operation: 'completeMultipartUpload', key: KEY, uploadId: 'u', size: 5, checksum: CHECKSUM });
    expect(parse({ method: 'PUT', filename: 'a', contentType: 'video/mp4', size: 5, checksum: CHECKSUM }))
      .toStrictEqual({ operation: 'putObject', filename: 'a', contentType: 'video/mp4', size: 5, checksum: CHECKSUM });
    expect(parse({ method: 'GET', key: KEY, uploadId: 'u' })).toStrictEqual({ operation: 'listParts', key: KEY, uploadId: 'u' });
    expect(parse({ method: 'DELETE', key: KEY, uploadId: 'u', size: null })).toStrictEqual({ operation: 'abortMultipartUpload', key: KEY, uploadId: 'u' });
  });

  test('a long method is named by its first 16 characters', () => {
    expect(requestErrorOf(() => parse({ method: 'X'.repeat(40) })).message)
      .toBe(`Field "method" is "${'X'.repeat(16)}"; use PUT, POST, GET or DELETE, as Uppy's signRequest gives it.`);
  });

  test('a key of exactly 1024 bytes is accepted', () => {
    const folder = `uploads/${ALICE}/${ID}/`;
    expect(() => checkIssuedKey(folder + 'a'.repeat(1024 - folder.length), { prefix: 'uploads/', callerSegment: ALICE })).not.toThrow();
  });

  test.each([
    ['an id with a character before it', `uploads/${ALICE}/0${ID}/film.mp4`],
    ['an id with a character after it', `uploads/${ALICE}/${ID}0/film.mp4`],
    ['a caller segment with a character before it', `uploads/x${ALICE.slice(1)}/${ID}/film.mp4`],
    ['a caller segment with a character after it', `uploads/${ALICE.slice(0, -1)}x/${ID}/film.mp4`],
  ])('%s is INVALID_KEY', (_what, key) => {
    expect(requestErrorOf(() => checkIssuedKey(key, { prefix: 'uploads/', callerSegment: ALICE })).code).toBe('INVALID_KEY');
  });

  test('without keys per caller, a caller in the context changes nothing: no caller segment, no caller check', () => {
    const anonymous = { UPLOAD_CALLER_SOURCE: undefined };
    expect(sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: GiB }, anonymous).key).toBe(keyOf(GiB, 'a.mp4', null));
    const key = keyOf(12 * MiB, 'a.mp4', null);
    expect(sign({ operation: 'listParts', key, uploadId: UPLOAD_ID }, anonymous, { caller: 'alice' }).key).toBe(key);
    expect(sign({ operation: 'listParts', key, uploadId: UPLOAD_ID }, anonymous, { caller: undefined }).key).toBe(key);
    // Every step, not only the list.
    for (const step of STEPS) {
      expect(sign({ ...step, key }, anonymous, { caller: undefined }).key).toBe(key);
    }
  });

  test.each(STEPS.map((step) => [step.operation, step] as const))('%s checks the key, its caller, the upload id and that multipart is on', (_, step) => {
    expect(requestErrorOf(() => sign(step, {}, { caller: 'mallory' })).code).toBe('KEY_NOT_YOURS');
    expect(requestErrorOf(() => sign({ ...step, key: `uploads/alice/${ID}/film.mp4` })).code).toBe('INVALID_KEY');
    expect(requestErrorOf(() => sign({ ...step, uploadId: 'no such id' })).code).toBe('INVALID_UPLOAD_ID');
    expect(requestErrorOf(() => sign(step, { UPLOAD_MULTIPART_THRESHOLD: undefined, UPLOAD_MAX_BYTES: String(GiB) })).code).toBe('MULTIPART_DISABLED');
  });

  test('list and abort check the size the glue sends along, though they sign none', () => {
    for (const operation of ['listParts', 'abortMultipartUpload'] as const) {
      expect(requestErrorOf(() => sign({ operation, key: KEY, uploadId: UPLOAD_ID, size: 0 })).code).toBe('INVALID_SIZE');
      expect(sign({ operation, key: KEY, uploadId: UPLOAD_ID, size: 12 * MiB }).key).toBe(KEY);
    }
  });

  test('every step\'s URL names the upload id, and parts answer PUT', () => {
    const size = 12 * MiB;
    for (const [operation, method] of [['uploadPart', 'PUT'], ['listParts', 'GET'], ['completeMultipartUpload', 'POST'], ['abortMultipartUpload', 'DELETE']] as const) {
      const request = { operation, key: KEY, uploadId: UPLOAD_ID, partNumber: 3, partChecksums: [CHECKSUM], checksum: CHECKSUM, size };
      const answer = sign(request as UploadRequest);
      expect(answer.method).toBe(method);
      expect(new URL(answer.url).searchParams.get('uploadId')).toBe(UPLOAD_ID);
    }
  });

  test('the last part may be asked for; INVALID_PART_NUMBER says what is wrong', () => {
    expect(partsOf(sign({ operation: 'uploadPart', key: KEY, uploadId: UPLOAD_ID, partNumber: 3, partChecksums: [CHECKSUM], size: 12 * MiB })).map((p) => p.size))
      .toEqual([2 * MiB]);
  });
});

describe('one upload has one size: every step is held to the size the start declared', () => {
  const size = 12 * MiB;
  const steps = (key: string, stepSize: number): UploadRequest[] => [
    { operation: 'uploadPart', key, uploadId: UPLOAD_ID, partNumber: 1, partChecksums: [CHECKSUM], size: stepSize },
    { operation: 'completeMultipartUpload', key, uploadId: UPLOAD_ID, size: stepSize, checksum: CHECKSUM },
    { operation: 'listParts', key, uploadId: UPLOAD_ID, size: stepSize },
    { operation: 'abortMultipartUpload', key, uploadId: UPLOAD_ID, size: stepSize },
  ];
  const message = (bytes: number) => `"size" is ${bytes} bytes, which is not the size this upload started with: every step of an upload `
    + 'sends the size its first presign call declared (the file\'s exact size), and a file of another size is a new upload.';

  test('the key the start returns is signed for its own size, and for no other', () => {
    const start = sign({ operation: 'createMultipartUpload', filename: 'film.mp4', contentType: 'video/mp4', size: 200 * MiB });
    for (const step of steps(start.key, 200 * MiB)) expect(sign(step).key).toBe(start.key);
    for (const other of [200 * MiB - 1, 200 * MiB + 1, GiB]) {
      for (const step of steps(start.key, other)) {
        const error = requestErrorOf(() => sign(step));
        expect([error.status, error.code, error.message]).toEqual([400, 'SIZE_MISMATCH', message(other)]);
      }
    }
  });

  test('a key whose id was made without the size (a random UUID) is refused for every size', () => {
    for (const step of steps(`uploads/${ALICE}/${ID}/film.mp4`, size)) expect(requestErrorOf(() => sign(step)).code).toBe('SIZE_MISMATCH');
  });

  test('a key made under another caller key is refused', () => {
    const key = `uploads/${ALICE}/${makeKeyId(ID, size, Buffer.from('another-deployment-'.repeat(3)))}/film.mp4`;
    expect(requestErrorOf(() => sign(steps(key, size)[1])).code).toBe('SIZE_MISMATCH');
  });

  test('without a caller key (anonymous callers, no quotas) the size is still held to', () => {
    const anonymous = { UPLOAD_CALLER_SOURCE: undefined, UPLOAD_CALLER_KEY: undefined };
    const start = sign({ operation: 'createMultipartUpload', filename: 'a.mp4', contentType: 'video/mp4', size: 200 * MiB }, anonymous);
    expect(sign(steps(start.key, 200 * MiB)[1], anonymous).size).toBe(200 * MiB);
    expect(requestErrorOf(() => sign(steps(start.key, GiB)[1], anonymous)).code).toBe('SIZE_MISMATCH');
  });

  test('the size is checked against the limits before the key: 413 beats SIZE_MISMATCH', () => {
    expect(requestErrorOf(() => sign(steps(KEY, LARGEST + 1)[1])).code).toBe('FILE_TOO_LARGE');
  });

  test('checkIssuedKey returns the key id', () => {
    expect(checkIssuedKey(KEY, { prefix: 'uploads/', callerSegment: ALICE })).toBe(KEY.split('/')[2]);
  });
});
