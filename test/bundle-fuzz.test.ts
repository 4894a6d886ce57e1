import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as fc from 'fast-check';
import { smithyPresign } from './smithy-presign';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';
import { isBrowserExecutable } from '../src/shared/media-type';

/**
 * A bounded fuzz of the shipped bundle, the file Lambda runs, in three
 * configurations: random bodies and random authorizer contexts, never a 5xx
 * or a throw, and every 200 pinned to the bucket, the caller's own key, the
 * size, the type, the stored headers and If-None-Match, its signature
 * recomputed by AWS's own signer. The expected caller is computed here from
 * the README's definition, not by the handler's code.
 */

jest.setTimeout(120_000);

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// Each refusal writes one metric line to stdout (CloudWatch's embedded metric format); here it would only be noise.
let stdout: jest.SpyInstance;
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());
const CALLER_KEY = 'fuzz-caller-key-'.repeat(4);
const MiB = 1024 * 1024;
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };
const BASE_ENV = {
  UPLOAD_BUCKET: 'fuzz-uploads',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_EXPIRES_SECONDS: '900',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAFUZZEXAMPLE',
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_SESSION_TOKEN: 'fuzz-session-token',
};

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

/** A fresh instance of the bundle, run with `env` (it reads its configuration at its first call). */
function loadBundle(env: Record<string, string>): Handler {
  const saved = process.env;
  const module = { exports: {} as { handler?: Handler } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', fs.readFileSync(PRESIGN_API_BUNDLE, 'utf8'))(module, module.exports, require);
  const handler = module.exports.handler;
  return async (event) => {
    const current = process.env;
    process.env = { ...saved, ...BASE_ENV, ...env };
    try {
      return await handler!(event);
    } finally {
      process.env = current;
    }
  };
}

/** The caller, as the README defines it per auth mode. */
function expectedCaller(source: 'jwt' | 'iam', authorizer: any): string | undefined {
  const nonEmpty = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (source === 'jwt') return nonEmpty(authorizer?.jwt?.claims?.sub);
  const iam = authorizer?.iam;
  const identity = nonEmpty(iam?.cognitoIdentity?.identityId);
  if (identity) return identity;
  const arn = nonEmpty(iam?.userArn) ?? '';
  const userId = nonEmpty(iam?.userId) ?? '';
  if (/^arn:[a-z-]+:sts::\d{12}:assumed-role\/[^/]+\/[^/]+$/.test(arn)) return /^(AROA[A-Z0-9]{4,124}):./.exec(userId)?.[1];
  // An IAM user by its unique id, the root user by its ARN; a federated user or any other principal is refused.
  if (/^arn:[a-z-]+:iam::\d{12}:user\/./.test(arn)) return /^AIDA[A-Z0-9]{4,124}$/.test(userId) ? userId : undefined;
  return /^arn:[a-z-]+:iam::\d{12}:root$/.test(arn) ? arn : undefined;
}

const segmentOf = (caller: string) => createHmac('sha256', CALLER_KEY).update(caller, 'utf8').digest('hex').slice(0, 32);

const ROLES = [['AROAUPLOADERCI000000', 'uploader-ci'], ['AROAREVIEWER00000000', 'reviewer']];
const subjects = fc.oneof({ arbitrary: fc.fullUnicodeString({ maxLength: 40 }), weight: 4 }, fc.integer(), fc.constant(null));
const authorizers = fc.oneof(
  fc.constant(undefined),
  { arbitrary: fc.record({ jwt: fc.record({ claims: fc.record({ sub: subjects }) }) }), weight: 3 },
  // A role session of one of two roles, with any session name: the common case, so it is drawn often.
  {
    arbitrary: fc.tuple(fc.constantFrom(...ROLES), fc.stringMatching(/^[\w+=,.@-]{1,32}$/)).map(([[id, role], session]) => ({
      iam: { userArn: `arn:aws:sts::111122223333:assumed-role/${role}/${session}`, userId: `${id}:${session}`, cognitoIdentity: null },
    })),
    weight: 2,
  },
  fc.record({
    iam: fc.record({
      userArn: fc.oneof(
        fc.tuple(fc.constantFrom(...ROLES), fc.stringMatching(/^[\w+=,.@-]{1,32}$/)).map(([[, role], s]) => `arn:aws:sts::111122223333:assumed-role/${role}/${s}`),
        fc.constantFrom('arn:aws:iam::111122223333:user/jane', 'arn:aws:iam::111122223333:root', 'arn:aws:sts::111122223333:federated-user/alice', ''),
        fc.string(),
      ),
      userId: fc.oneof(fc.constantFrom(...ROLES).chain(([id]) => fc.stringMatching(/^[\w-]{1,20}$/).map((s) => `${id}:${s}`)), fc.constantFrom('AIDAJANE000000000001', 'AIDA'), fc.string(), fc.constant(undefined)),
      cognitoIdentity: fc.oneof(fc.constant(null), fc.record({ identityId: fc.oneof(fc.constantFrom('eu-west-1:0f6a8f4e-1111-4222-8333-444455556666', ''), fc.string()) })),
    }, { requiredKeys: [] }),
  }),
);

const ID = '9b2f6c1e-1d2f-4c3a-8b4d-5e6f7a8b9c0d';
const fieldValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
/** Well-formed CRC64NVME values (any 8 bytes), and near misses. */
const checksum = fc.oneof(
  { arbitrary: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((bytes) => Buffer.from(bytes).toString('base64')), weight: 4 },
  fc.uint8Array({ minLength: 4, maxLength: 9 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fieldValue,
);
const bodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.record({
    method: fc.constantFrom('PUT', 'POST', undefined),
    filename: fc.oneof(fc.fullUnicodeString({ maxLength: 40 }), fieldValue),
    contentType: fc.oneof({ arbitrary: fc.constantFrom('image/png', 'video/mp4', 'IMAGE/PNG'), weight: 4 }, fc.constantFrom('text/html', 'image/svg+xml', 'a/b; c=d'), fieldValue),
    size: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 4096 }), weight: 3 },
      fc.integer({ min: 1, max: 300 * MiB }), fc.integer({ min: -5, max: 0 }), fieldValue),
    checksum,
  }, { requiredKeys: ['filename', 'contentType', 'size'] }).map((b) => JSON.stringify(b)),
  fc.record({
    method: fc.constantFrom('PUT', 'POST', 'GET', 'DELETE', 'PATCH'),
    key: fc.oneof(
      fc.constantFrom(...ROLES.map(([id]) => `uploads/${segmentOf(id)}/${ID}/film.mp4`), `uploads/${ID}/film.mp4`, `uploads/alice/${ID}/film.mp4`),
      fc.string({ maxLength: 60 }),
    ),
    uploadId: fc.oneof(fc.constantFrom('VXBsb2FkIElE', ''), fc.string({ maxLength: 30 })),
    partNumber: fc.oneof(fc.integer({ min: -1, max: 12 }), fieldValue),
    partChecksums: fc.oneof(fc.array(checksum, { maxLength: 14 }), fieldValue),
    size: fc.oneof(fc.integer({ min: 1, max: 300 * MiB }), fieldValue),
    checksum,
  }, { requiredKeys: ['method', 'key', 'uploadId'] }).map((b) => JSON.stringify(b)),
);

interface Configuration {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly source?: 'jwt' | 'iam';
  readonly maxBytes: number;
  readonly kmsKeyArn?: string;
}

const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONFIGURATIONS: Configuration[] = [
  {
    name: 'IAM callers, multipart, SSE-KMS',
    env: {
      UPLOAD_CALLER_SOURCE: 'iam',
      UPLOAD_CALLER_KEY: CALLER_KEY,
      UPLOAD_MAX_BYTES: String(200 * MiB),
      UPLOAD_MULTIPART_THRESHOLD: String(100 * MiB),
      UPLOAD_MULTIPART_PART_SIZE: String(5 * MiB),
      UPLOAD_KMS_KEY_ARN: KMS,
    },
    source: 'iam',
    maxBytes: 200 * MiB,
    kmsKeyArn: KMS,
  },
  {
    name: 'JWT callers, single PUTs',
    env: { UPLOAD_CALLER_SOURCE: 'jwt', UPLOAD_CALLER_KEY: CALLER_KEY, UPLOAD_MAX_BYTES: String(100 * MiB) },
    source: 'jwt',
    maxBytes: 100 * MiB,
  },
  { name: 'no callers, single PUTs', env: { UPLOAD_MAX_BYTES: String(100 * MiB) }, maxBytes: 100 * MiB },
];

describe.each(CONFIGURATIONS)('the shipped bundle, $name', (configuration) => {
  const handler = loadBundle(configuration.env);

  test('random requests: no 5xx, no throw; every signature pinned to the caller\'s key, the size, the type and the stored headers', async () => {
    let signed = 0;
    await fc.assert(fc.asyncProperty(bodies, authorizers, async (body, authorizer) => {
      stdout.mockClear();
      const res = await handler({
        headers: { 'content-type': 'application/json' },
        body,
        requestContext: { http: { method: 'POST' }, ...(authorizer === undefined ? {} : { authorizer }) },
      });
      expect(res.statusCode).toBeLessThan(500);
      const answer = JSON.parse(res.body);
      // Each refusal is counted once, by its code, in a metric line; a signature is not counted.
      const metrics = stdout.mock.calls.map(([line]) => JSON.parse(String(line)).Code);
      if (res.statusCode !== 200) {
        expect(Object.keys(answer).sort()).toEqual(['code', 'message']);
        expect(metrics).toEqual([answer.code]);
        return;
      }
      expect(metrics).toEqual([]);
      signed += 1;
      const request = JSON.parse(body);
      const caller = configuration.source === undefined ? undefined : expectedCaller(configuration.source, authorizer);
      if (configuration.source !== undefined) expect(caller).toBeDefined();
      // The key: the prefix, the caller's own segment (where there are callers), an id and a name.
      const segments = answer.key.split('/');
      expect(segments[0]).toBe('uploads');
      expect(segments.slice(1, caller === undefined ? 1 : 2)).toEqual(caller === undefined ? [] : [segmentOf(caller)]);
      expect(segments).toHaveLength(caller === undefined ? 3 : 4);
      const url = new URL(answer.url);
      expect(url.host).toBe('fuzz-uploads.s3.eu-west-1.amazonaws.com');
      const isNew = request.uploadId === undefined;
      if (isNew) {
        // A new upload: the server's fresh key, the type and the stored headers pinned.
        expect(answer.headers).toEqual({
          'content-type': request.contentType.toLowerCase(),
          ...PINNED,
          ...(answer.method === 'PUT' ? { 'if-none-match': '*', 'x-amz-checksum-crc64nvme': request.checksum } : {}),
          ...(answer.method === 'POST' ? { 'x-amz-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
          ...(caller === undefined ? {} : { 'x-amz-meta-uploaded-by': expect.any(String) }),
          ...(configuration.kmsKeyArn === undefined ? {} : { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': KMS }),
        });
        if (caller !== undefined) expect(decodeURIComponent(answer.headers['x-amz-meta-uploaded-by'].replace(/~/g, '%'))).toBe(caller);
        expect(isBrowserExecutable(answer.headers['content-type'])).toBe(false);
        expect(answer.size).toBe(request.size);
        expect(answer.size).toBeLessThanOrEqual(configuration.maxBytes);
        expect(segments[segments.length - 2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      } else {
        // A step: the key the caller named, which is its own; a part's or a completion's checksum is the one asked for.
        expect(answer.key).toBe(request.key);
        if (answer.parts !== undefined) {
          expect(answer.parts.map((part: any) => part.headers['x-amz-checksum-crc64nvme'])).toEqual(request.partChecksums);
          const numbers = request.partChecksums.map((_: string, i: number) => request.partNumber + i);
          expect(answer.parts.map((part: any) => part.partNumber)).toEqual(numbers);
        }
        if (answer.method === 'POST') expect(answer.headers['x-amz-checksum-crc64nvme']).toBe(request.checksum);
        if (answer.size !== undefined) expect(answer.size).toBeLessThanOrEqual(configuration.maxBytes);
      }
      // Every URL, recomputed by @smithy/signature-v4 from what the answer says must be sent.
      const urls = answer.parts ?? [{ url: answer.url, size: answer.method === 'PUT' && isNew ? answer.size : undefined }];
      for (const part of urls) {
        const partUrl = new URL(part.url);
        const query = Object.fromEntries([...partUrl.searchParams].filter(([name]) => !name.startsWith('X-Amz-')));
        const amzDate = partUrl.searchParams.get('X-Amz-Date')!;
        const headers = { ...(part.headers ?? answer.headers), ...(part.size === undefined ? {} : { 'content-length': String(part.size) }) };
        const expected = await smithyPresign({
          method: answer.method,
          protocol: 'https:',
          host: partUrl.host,
          path: partUrl.pathname,
          headers,
          query,
          region: 'eu-west-1',
          service: 's3',
          accessKeyId: BASE_ENV.AWS_ACCESS_KEY_ID,
          sessionToken: BASE_ENV.AWS_SESSION_TOKEN,
          signedAt: new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`),
          expiresSeconds: 900,
        }, SECRET);
        expect(Object.fromEntries(partUrl.searchParams)).toEqual(expected);
      }
    }), { numRuns: 2000 });
    // The generators reach the signing path, not only refusals (about 30 to 200 of 2,000 runs per configuration).
    expect(signed).toBeGreaterThan(5);
  });
});
