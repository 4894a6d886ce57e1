import * as fc from 'fast-check';
import { callerSegment } from './caller/caller';
import type { HttpApiEvent, HttpApiResult } from './presign-api.lambda';
import { presignUrl } from './sigv4/presigned-url';
import { deriveSigningKey } from './sigv4/sigv4';
import { DynamoDbServer } from '../../test/dynamodb-server';
import { isBrowserExecutable } from '../shared/media-type';

const ENV = {
  UPLOAD_BUCKET: 'uploads-bucket',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_MAX_BYTES: '1048576',
  UPLOAD_EXPIRES_SECONDS: '900',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLE+token/=',
  // Read only where keys are per caller (UPLOAD_CALLER_SOURCE).
  UPLOAD_CALLER_KEY: 'caller-key-for-tests-'.repeat(3),
};
/** The headers every new upload signs with fixed values, so an uploader can't choose how S3 serves the object. */
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };
/** The key segment of `caller` under the test deployment's caller key. */
const segmentOf = (caller: string) => callerSegment(caller, Buffer.from(ENV.UPLOAD_CALLER_KEY));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const originalEnv = process.env;

// Each refusal writes one metric line to stdout (CloudWatch's embedded metric format); here it would only be noise.
let stdout: jest.SpyInstance;
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

type Handler = (event: HttpApiEvent) => Promise<HttpApiResult>;

/** A fresh handler module (its configuration is read once per cold start). */
function coldStart(env: Record<string, string | undefined> = {}): Handler {
  process.env = { ...originalEnv, ...ENV, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // A fresh module instance per cold start needs require(); import is cached.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require('./presign-api.lambda').handler;
  });
  if (handler === undefined) throw new Error('the handler module exports no handler');
  return handler;
}

/** A well-formed CRC64NVME value (the handler checks its form; S3 checks it against the bytes). */
const CHECKSUM = 'q6RMRSIZNf4=';

function post(body: unknown, extra: Partial<HttpApiEvent> = {}): HttpApiEvent {
  return {
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    requestContext: { http: { method: 'POST' } },
    ...extra,
  };
}

function withSub(sub: unknown): Partial<HttpApiEvent> {
  return { requestContext: { http: { method: 'POST' }, authorizer: { jwt: { claims: { sub } } } } };
}

/**
 * The URL the endpoint should have issued for `body`: the same PUT presigned
 * again from what the answer says (headers, size, key, the signing time in
 * the URL), so equal URLs prove that exactly those headers and that length are
 * signed, with the function's credentials, for this region and lifetime.
 */
function expectedUrl(body: any, env: Record<string, string | undefined> = ENV, host = 'uploads-bucket.s3.eu-west-1.amazonaws.com', pathPrefix = '/'): string {
  const url = new URL(body.url);
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  const signedAt = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  return presignUrl({
    method: 'PUT',
    protocol: url.protocol,
    host,
    // SigV4's URI encoding: RFC 3986, so ! ' ( ) * are escaped too.
    path: pathPrefix + body.key.split('/').map((segment: string) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/'),
    headers: { ...body.headers, 'content-length': String(body.size) },
    region: 'eu-west-1',
    service: 's3',
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
    sessionToken: env.AWS_SESSION_TOKEN,
    signedAt,
    expiresSeconds: 900,
  }, deriveSigningKey(env.AWS_SECRET_ACCESS_KEY ?? '', amzDate.slice(0, 8), 'eu-west-1', 's3'));
}

afterEach(() => {
  process.env = originalEnv;
  jest.useRealTimers();
});

describe('presign handler: success', () => {
  test('answers 200 with a presigned PUT: url, headers and key, as Uppy 6\'s signRequest returns them', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-04T05:06:07.000Z') });
    const res = await coldStart()(post({ filename: 'cat photo.png', contentType: 'image/png', size: 2048, checksum: CHECKSUM }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = JSON.parse(res.body);
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'expiresIn', 'headers', 'key', 'method', 'size', 'url']);
    expect(body.method).toBe('PUT');
    expect(body.url.startsWith(`https://uploads-bucket.s3.eu-west-1.amazonaws.com/${body.key}?`)).toBe(true);
    expect(body.headers).toEqual({ 'content-type': 'image/png', ...PINNED, 'if-none-match': '*', 'x-amz-checksum-crc64nvme': CHECKSUM });
    expect(body.expiresAt).toBe('2026-03-04T05:21:07.000Z');
    expect(body.expiresIn).toBe(900);
    expect(body.size).toBe(2048);
    const [prefix, id, name, ...rest] = body.key.split('/');
    expect([prefix, name, rest]).toEqual(['uploads', 'cat_photo.png', []]);
    expect(id).toMatch(UUID);
  });

  test('signs the exact length, the content type and If-None-Match, with the session token, for 15 minutes', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-04T05:06:07.000Z') });
    const body = JSON.parse((await coldStart()(post({ filename: 'a.pdf', contentType: 'application/pdf', size: 1048576, checksum: CHECKSUM }))).body);
    const query = Object.fromEntries(new URL(body.url).searchParams);
    expect(query).toEqual({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLEEXAMPLE/20260304/eu-west-1/s3/aws4_request',
      'X-Amz-Date': '20260304T050607Z',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': ENV.AWS_SESSION_TOKEN,
      'X-Amz-SignedHeaders': 'cache-control;content-disposition;content-encoding;content-length;content-type;host;if-none-match;x-amz-checksum-crc64nvme',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(body.url).toBe(expectedUrl(body));
  });

  test('gives every call a new key', async () => {
    const handler = coldStart();
    const keys = new Set<string>();
    for (let i = 0; i < 20; i++) keys.add(JSON.parse((await handler(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }))).body).key);
    expect(keys.size).toBe(20);
  });

  test('keys uploads by the caller\'s opaque segment (the JWT sub), and records the caller in signed metadata', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub('auth0|42')));
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.key).toMatch(new RegExp(`^uploads/${segmentOf('auth0|42')}/[0-9a-f-]{36}/a\\.png$`));
    expect(body.key).not.toContain('auth0');
    expect(body.headers['x-amz-meta-uploaded-by']).toBe('auth0~7C42');
    expect(new URL(body.url).searchParams.get('X-Amz-SignedHeaders')).toContain(';x-amz-meta-uploaded-by');
    expect(body.url).toBe(expectedUrl(body));
  });

  test('an e-mail address as the caller appears neither in the key nor in the URL', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub('jane.doe@example.com')));
    const body = JSON.parse(res.body);
    expect(body.key.split('/')[1]).toBe(segmentOf('jane.doe@example.com'));
    expect(new URL(body.url).pathname).not.toMatch(/jane|doe|example/);
    expect(body.headers['x-amz-meta-uploaded-by']).toBe('jane~2Edoe~40example~2Ecom');
  });

  test('without the caller key, keys per caller fail closed: 500, nothing signed', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const key of [undefined, '', 'x'.repeat(31)]) {
      const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt', UPLOAD_CALLER_KEY: key })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub('a')));
      expect([res.statusCode, JSON.parse(res.body).code]).toEqual([500, 'INTERNAL_ERROR']);
    }
    expect(String(log.mock.calls[0][0])).toContain('UPLOAD_CALLER_KEY');
    log.mockRestore();
  });

  test('refuses with 403 MISSING_CALLER when keys are per caller and the token has no sub', async () => {
    const handler = coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' });
    for (const event of [post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }), post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub(''))]) {
      const res = await handler(event);
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body).code).toBe('MISSING_CALLER');
    }
  });

  test.each([
    ['a lone surrogate', '\ud800', 'INVALID_CALLER'],
    ['longer than the metadata can record', 's'.repeat(1025), 'CALLER_TOO_LONG'],
  ])('refuses a caller that is %s with 403 %s, signing nothing', async (_what, sub, code) => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub(sub)));
    expect(res.statusCode).toBe(403);
    const body = JSON.parse(res.body);
    expect(body.code).toBe(code);
    expect(body.fields).toBeUndefined();
  });

  test.each<[string, unknown]>([
    ['a number', 123],
    ['an array', ['someone']],
    ['an object', { id: 'someone' }],
  ])('a sub claim that is %s is no caller: 403 MISSING_CALLER, with its message', async (_what, sub) => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub(sub)));
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([403, { code: 'MISSING_CALLER', message: 'The access token has no "sub" claim, so there is no caller to key the upload by.' }]);
  });

  test('the request context may lack any part: IAM auth has no JWT, a test event may have no context at all', async () => {
    const body = { filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM };
    const handler = coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' });
    for (const requestContext of [
      { http: { method: 'POST' } },
      { http: { method: 'POST' }, authorizer: {} },
      { http: { method: 'POST' }, authorizer: { jwt: {} } },
    ]) {
      expect(JSON.parse((await handler(post(body, { requestContext }))).body).code).toBe('MISSING_CALLER');
    }
    expect((await coldStart()(post(body, { requestContext: { http: { method: 'POST' }, authorizer: {} } }))).statusCode).toBe(200);
    expect(JSON.parse((await coldStart()(post(body, { requestContext: undefined }))).body).code).toBe('METHOD_NOT_ALLOWED');
    expect(JSON.parse((await coldStart()(post(body, { requestContext: {} }))).body).code).toBe('METHOD_NOT_ALLOWED');
    expect(JSON.parse((await coldStart()(post(body, { headers: undefined }))).body).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('every answer carries the same hardening headers', async () => {
    const handler = coldStart();
    for (const event of [post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }), post('')]) {
      expect((await handler(event)).headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    }
  });

  test('a sub claim of exactly one character is a caller (the empty one is missing)', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub('x')));
    expect(JSON.parse(res.body).key).toMatch(new RegExp(`^uploads/${segmentOf('x')}/[0-9a-f-]{36}/a\\.png$`));
  });

  test('ignores the sub claim when keys are not per caller', async () => {
    const res = await coldStart()(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }, withSub('someone')));
    expect(JSON.parse(res.body).key).not.toContain('someone');
  });

  test('signs the SSE-KMS headers when the bucket uses a KMS key', async () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const body = JSON.parse((await coldStart({ UPLOAD_KMS_KEY_ARN: arn })(post({ filename: 'a.png', contentType: 'image/png', size: 5, checksum: CHECKSUM }))).body);
    expect(body.headers).toEqual({
      'content-type': 'image/png',
      ...PINNED,
      'if-none-match': '*',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': arn,
      'x-amz-checksum-crc64nvme': CHECKSUM,
    });
    expect(new URL(body.url).searchParams.get('X-Amz-SignedHeaders'))
      .toBe('cache-control;content-disposition;content-encoding;content-length;content-type;host;if-none-match;'
        + 'x-amz-checksum-crc64nvme;x-amz-server-side-encryption;x-amz-server-side-encryption-aws-kms-key-id');
    expect(body.url).toBe(expectedUrl(body));
  });

  test('works without a session token (long-term credentials)', async () => {
    const env = { ...ENV, AWS_SESSION_TOKEN: undefined };
    const body = JSON.parse((await coldStart({ AWS_SESSION_TOKEN: undefined })(post({ filename: 'a.png', contentType: 'image/png', size: 5, checksum: CHECKSUM }))).body);
    expect(new URL(body.url).searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(body.url).toBe(expectedUrl(body, env));
  });

  test('AWS_ENDPOINT_URL_S3 sends the browser to a local endpoint, path style', async () => {
    const body = JSON.parse((await coldStart({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7070' })(post({ filename: 'a.png', contentType: 'image/png', size: 5, checksum: CHECKSUM }))).body);
    expect(body.url.startsWith(`http://127.0.0.1:7070/uploads-bucket/${body.key}?`)).toBe(true);
    expect(body.url).toBe(expectedUrl(body, ENV, '127.0.0.1:7070', '/uploads-bucket/'));
  });

  test('a malformed AWS_ENDPOINT_URL_S3 fails closed: 500, nothing signed', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await coldStart({ AWS_ENDPOINT_URL_S3: '127.0.0.1:7070' })(post({ filename: 'a.png', contentType: 'image/png', size: 5, checksum: CHECKSUM }));
    expect([res.statusCode, JSON.parse(res.body).code]).toEqual([500, 'INTERNAL_ERROR']);
    expect(String(log.mock.calls[0][0])).toContain('AWS_ENDPOINT_URL_S3');
    log.mockRestore();
  });

  test('honours the configured content type list', async () => {
    const handler = coldStart({ UPLOAD_ALLOWED_CONTENT_TYPES: '["image/*"]' });
    expect((await handler(post({ filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM }))).statusCode).toBe(200);
    expect(JSON.parse((await handler(post({ filename: 'a.pdf', contentType: 'application/pdf', size: 3, checksum: CHECKSUM }))).body).code).toBe('CONTENT_TYPE_NOT_ALLOWED');
  });
});

describe('presign handler: refusals', () => {
  const valid = { filename: 'a.png', contentType: 'image/png', size: 10, checksum: CHECKSUM };

  test.each<[string, HttpApiEvent, number, string]>([
    ['missing size', post({ filename: 'a.png', contentType: 'image/png' }), 400, 'MISSING_FIELD'],
    ['GET', { ...post(valid), requestContext: { http: { method: 'GET' } } }, 405, 'METHOD_NOT_ALLOWED'],
    ['no content type', { ...post(valid), headers: {} }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['form encoding', { ...post(valid), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['empty body', post(''), 400, 'EMPTY_BODY'],
    ['oversized body', post({ ...valid, filename: 'a'.repeat(11_000) }), 413, 'BODY_TOO_LARGE'],
    ['malformed JSON', post('{"filename": "a.png",'), 400, 'MALFORMED_JSON'],
    ['array body', post([valid]), 400, 'INVALID_BODY'],
    ['missing filename', post({ contentType: 'image/png', size: 1 }), 400, 'MISSING_FIELD'],
    ['missing contentType', post({ filename: 'a.png', size: 1 }), 400, 'MISSING_FIELD'],
    ['acl', post({ ...valid, acl: 'public-read' }), 400, 'UNKNOWN_FIELD'],
    ['key', post({ ...valid, key: 'other-user/x.png' }), 400, 'UNKNOWN_FIELD'],
    ['bucket', post({ ...valid, bucket: 'other' }), 400, 'UNKNOWN_FIELD'],
    ['numeric filename', post({ ...valid, filename: 7 }), 400, 'INVALID_FIELD_TYPE'],
    ['text/html', post({ ...valid, contentType: 'text/html' }), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
    ['image/svg+xml', post({ ...valid, contentType: 'image/svg+xml' }), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
    ['application/xhtml+xml', post({ ...valid, contentType: 'application/xhtml+xml' }), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
    ['text/xml', post({ ...valid, contentType: 'text/xml' }), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
    ['application/javascript', post({ ...valid, contentType: 'application/javascript' }), 400, 'CONTENT_TYPE_NOT_ALLOWED'],
    ['content type with parameters', post({ ...valid, contentType: 'text/plain; charset=utf-8' }), 400, 'INVALID_CONTENT_TYPE'],
    ['content type with a line break', post({ ...valid, contentType: 'image/png\r\nx-amz-acl: public-read' }), 400, 'INVALID_CONTENT_TYPE'],
    ['size zero', post({ ...valid, size: 0 }), 400, 'INVALID_SIZE'],
    ['negative size', post({ ...valid, size: -5 }), 400, 'INVALID_SIZE'],
    ['fractional size', post({ ...valid, size: 10.5 }), 400, 'INVALID_SIZE'],
    ['string size', post({ ...valid, size: '10' }), 400, 'INVALID_FIELD_TYPE'],
    ['size over the max', post({ ...valid, size: 1048577 }), 413, 'FILE_TOO_LARGE'],
    ['control character', post({ ...valid, filename: 'a\u0007.png' }), 400, 'INVALID_FILENAME'],
    ['path separator', post({ ...valid, filename: 'x/a.png' }), 400, 'INVALID_FILENAME'],
    ['backslash', post({ ...valid, filename: 'x\\a.png' }), 400, 'INVALID_FILENAME'],
    ['traversal', post({ ...valid, filename: '..' }), 400, 'INVALID_FILENAME'],
    ['over the key length', post({ ...valid, filename: 'é'.repeat(510) }), 400, 'FILENAME_TOO_LONG'],
  ])('%s: %i %s, JSON error, nothing signed', async (_name, event, status, code) => {
    const res = await coldStart()(event);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/json');
    const body = JSON.parse(res.body);
    expect(body.code).toBe(code);
    expect(typeof body.message).toBe('string');
    expect(body.message.length).toBeGreaterThan(5);
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  });

  test('a misconfigured function answers 500 without signing and logs why', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await coldStart({ AWS_SECRET_ACCESS_KEY: undefined })(post(valid));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ code: 'INTERNAL_ERROR', message: 'The upload could not be presigned.' });
    expect(String(log.mock.calls[0][0])).toContain('AWS_SECRET_ACCESS_KEY');
    log.mockRestore();
  });
});

describe('presign handler: properties', () => {
  const handler = (() => {
    let h: Handler | undefined;
    return () => (h ??= coldStart());
  })();

  const anyJson = fc.jsonValue();
  const fieldValue = fc.oneof(fc.string(), fc.fullUnicodeString(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anyJson);
  const bodies = fc.oneof(
    fc.string(),
    fc.fullUnicodeString({ maxLength: 300 }),
    anyJson.map((v) => JSON.stringify(v)),
    fc.record({ filename: fieldValue, contentType: fieldValue, size: fieldValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.record({
      filename: fc.fullUnicodeString({ maxLength: 80 }),
      contentType: fc.constantFrom('image/png', 'text/html', 'image/svg+xml', 'application/pdf', 'IMAGE/JPEG', 'text/plain;a=b', 'a/b', 'x'),
      size: fc.oneof(fc.integer({ min: -10, max: 2_000_000 }), fc.constant(undefined)),
    }).map((v) => JSON.stringify(v)),
    fc.record({
      filename: fc.fullUnicodeString({ maxLength: 80 }),
      contentType: fc.constantFrom('image/png', 'application/pdf', 'video/mp4'),
      size: fc.integer({ min: 1, max: 1048576 }),
    }).map((v) => JSON.stringify(v)),
  );

  beforeEach(() => {
    process.env = { ...originalEnv, ...ENV };
  });

  test('random bodies never give a 5xx, and anything signed is within the rules', async () => {
    await fc.assert(fc.asyncProperty(bodies, async (body) => {
      const res = await handler()(post(body));
      expect(res.statusCode).toBeLessThan(500);
      const parsed = JSON.parse(res.body);
      if (res.statusCode !== 200) {
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(typeof parsed.code).toBe('string');
        expect(Object.keys(parsed).sort()).toEqual(['code', 'message']);
        return;
      }
      expect(isBrowserExecutable(parsed.headers['content-type'])).toBe(false);
      expect(parsed.headers).toEqual({ 'content-type': parsed.headers['content-type'], ...PINNED, 'if-none-match': '*' });
      expect(Number.isSafeInteger(parsed.size) && parsed.size >= 1 && parsed.size <= 1048576).toBe(true);
      expect(parsed.url).toBe(expectedUrl(parsed));
      const [prefix, id, ...name] = parsed.key.split('/');
      expect(prefix).toBe('uploads');
      expect(id).toMatch(UUID);
      expect(name).toHaveLength(1);
      expect(name[0]).not.toMatch(/^\.\.?$/);
      expect(Buffer.byteLength(parsed.key)).toBeLessThanOrEqual(1024);
    }), { numRuns: 1500 });
  });

  test('requests made invalid on purpose are never signed', async () => {
    const validBody = fc.record({ filename: fc.stringMatching(/^[a-z]{1,20}\.png$/), contentType: fc.constant('image/png'), size: fc.constant(10) });
    const spoiled = fc.oneof(
      validBody.chain((b) => fc.constantFrom('acl', 'key', 'bucket', 'Policy', 'x-amz-meta-a').map((f) => ({ ...b, [f]: 'x' }))),
      validBody.chain((b) => fc.constantFrom('text/html', 'image/svg+xml', 'text/javascript', 'application/xml', 'image/png; a=b', 'image/png\n').map((contentType) => ({ ...b, contentType }))),
      validBody.chain((b) => fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1048577 }), fc.double({ noInteger: true }))
        .map((size) => ({ ...b, size }))),
      validBody.chain((b) => fc.tuple(fc.string(), fc.constantFrom('/', '\\', '\u0000', '\n', '\u202e'), fc.string())
        .map(([x, bad, y]) => ({ ...b, filename: `${x}${bad}${y}` }))),
    );
    await fc.assert(fc.asyncProperty(spoiled, async (body) => {
      const res = await handler()(post(body));
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(Object.keys(JSON.parse(res.body)).sort()).toEqual(['code', 'message']);
    }), { numRuns: 1000 });
  });
});

describe('keys per IAM caller', () => {
  function withIam(iam: unknown): Partial<HttpApiEvent> {
    return { requestContext: { http: { method: 'POST' }, authorizer: { iam } } as HttpApiEvent['requestContext'] };
  }
  const body = { filename: 'a.png', contentType: 'image/png', size: 3, checksum: CHECKSUM };

  const ROLE = 'arn:aws:sts::111122223333:assumed-role/uploader-ci';
  const ROLE_ID = 'AROA3XFRBF535EXAMPLE';
  const session = (name: string) => ({ userArn: `${ROLE}/${name}`, userId: `${ROLE_ID}:${name}`, cognitoIdentity: null });

  test('a role session keys by its role\'s unique id, so a refreshed session keeps its uploads', async () => {
    const handler = coldStart({ UPLOAD_CALLER_SOURCE: 'iam' });
    const first = JSON.parse((await handler(post(body, withIam(session('aws-sdk-js-session-1764400000000'))))).body);
    const second = JSON.parse((await handler(post(body, withIam(session('aws-sdk-js-session-1764403600000'))))).body);
    expect(first.key.split('/')[1]).toBe(segmentOf(ROLE_ID));
    expect(second.key.split('/')[1]).toBe(first.key.split('/')[1]);
    expect(first.key).not.toMatch(/uploader|session|111122223333/);
    expect(first.headers['x-amz-meta-uploaded-by']).toBe(ROLE_ID);
  });

  test('a Cognito identity pool caller keys by its identity id, not the role every pool user shares', async () => {
    const identityId = 'eu-west-1:0f6a8f4e-1111-2222-3333-444455556666';
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'iam' })(post(body, withIam({
      userArn: 'arn:aws:sts::111122223333:assumed-role/CognitoAuthRole/CognitoIdentityCredentials',
      userId: `${ROLE_ID}:CognitoIdentityCredentials`,
      cognitoIdentity: { identityId },
    })));
    const answer = JSON.parse(res.body);
    expect(answer.key.split('/')[1]).toBe(segmentOf(identityId));
    expect(answer.headers['x-amz-meta-uploaded-by']).toBe('eu-west-1~3A0f6a8f4e-1111-2222-3333-444455556666');
  });

  const MISSING_CALLER = {
    code: 'MISSING_CALLER',
    message: 'The request carries no stable IAM caller identity (a Cognito identity id, a role\'s unique id or a user ARN) to key the upload by.',
  };
  test.each<[string, unknown]>([
    ['no IAM context', undefined],
    ['an empty ARN', { userArn: '' }],
    ['a non-string ARN', { userArn: 7 }],
    ['an empty identity id and no ARN', { cognitoIdentity: { identityId: '' } }],
    ['a role session without its role\'s unique id', { userArn: `${ROLE}/s` }],
  ])('%s: 403 MISSING_CALLER', async (_what, iam) => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'iam' })(post(body, withIam(iam)));
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([403, MISSING_CALLER]);
  });

  test('an empty identity id falls back to the IAM user\'s unique id', async () => {
    const user = { userArn: 'arn:aws:iam::111122223333:user/a', userId: 'AIDAEXAMPLEUSER00001', cognitoIdentity: { identityId: '' } };
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'iam' })(post(body, withIam(user)));
    expect(JSON.parse(res.body).key.split('/')[1]).toBe(segmentOf('AIDAEXAMPLEUSER00001'));
  });

  test('a federated user is refused with 403 FEDERATED_USER, and nothing is signed', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'iam' })(post(body, withIam({
      userArn: 'arn:aws:sts::111122223333:federated-user/alice', userId: '111122223333:alice', cognitoIdentity: null,
    })));
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([403, {
      code: 'FEDERATED_USER',
      message: 'Federated users (credentials from GetFederationToken) are not accepted: their name is chosen by whoever mints the token, '
        + 'so it can\'t tell callers apart. Sign with a role session or a Cognito identity pool\'s credentials instead.',
    }]);
  });

  test('a request context without an authorizer has no caller: 403, not a crash', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'iam' })(post(body, { requestContext: { http: { method: 'POST' } } }));
    expect([res.statusCode, JSON.parse(res.body).code]).toEqual([403, 'MISSING_CALLER']);
  });

  test('with JWT keys, an IAM context is not a caller', async () => {
    const res = await coldStart({ UPLOAD_CALLER_SOURCE: 'jwt' })(post(body, withIam({ userArn: 'arn:aws:iam::1:user/a' })));
    expect(JSON.parse(res.body).code).toBe('MISSING_CALLER');
  });
});

describe('a multipart upload through the handler', () => {
  const MULTIPART = {
    UPLOAD_MAX_BYTES: String(20 * 1024 ** 3),
    UPLOAD_MULTIPART_THRESHOLD: String(100 * 1024 ** 2),
    UPLOAD_MULTIPART_PART_SIZE: String(64 * 1024 ** 2),
    UPLOAD_CALLER_SOURCE: 'jwt',
  };

  test('start, parts, completion: the key the start returns is the one the steps take, for this caller only', async () => {
    const handler = coldStart(MULTIPART);
    const size = 10 * 1024 ** 3;
    const start = JSON.parse((await handler(post({ method: 'POST', filename: 'film.mp4', contentType: 'video/mp4', size }, withSub('alice')))).body);
    expect([start.method, start.partSize, start.partCount]).toEqual(['POST', 64 * 1024 ** 2, 160]);
    expect(start.key).toMatch(new RegExp(`^uploads/${segmentOf('alice')}/[0-9a-f-]{36}/film\\.mp4$`));
    expect(start.headers).toEqual({
      'content-type': 'video/mp4', ...PINNED, 'x-amz-meta-uploaded-by': 'alice', 'x-amz-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-type': 'FULL_OBJECT',
    });

    const parts = await handler(post({ method: 'PUT', key: start.key, uploadId: 'abc', partNumber: 1, partChecksums: Array(160).fill(CHECKSUM), size },
      withSub('alice')));
    expect(parts.statusCode).toBe(200);
    expect(JSON.parse(parts.body).parts).toHaveLength(160);

    const done = JSON.parse((await handler(post({ method: 'POST', key: start.key, uploadId: 'abc', size, checksum: CHECKSUM }, withSub('alice')))).body);
    expect(done.headers).toEqual({
      'if-none-match': '*', 'x-amz-mp-object-size': String(size), 'x-amz-checksum-crc64nvme': CHECKSUM, 'x-amz-checksum-type': 'FULL_OBJECT',
    });

    const foreign = await handler(post({ method: 'DELETE', key: start.key, uploadId: 'abc' }, withSub('mallory')));
    expect([foreign.statusCode, JSON.parse(foreign.body).code]).toEqual([403, 'KEY_NOT_YOURS']);
  });

  test('an IAM role\'s upload survives a credentials refresh: a new session name continues, completes and aborts it', async () => {
    const handler = coldStart({ ...MULTIPART, UPLOAD_CALLER_SOURCE: 'iam' });
    const as = (name: string) => ({
      requestContext: {
        http: { method: 'POST' },
        authorizer: {
          iam: {
            userArn: `arn:aws:sts::111122223333:assumed-role/uploader-ci/${name}`, userId: `AROA3XFRBF535EXAMPLE:${name}`,
          },
        },
      },
    } as Partial<HttpApiEvent>);
    const size = 10 * 1024 ** 3;
    const start = JSON.parse((await handler(post({ method: 'POST', filename: 'film.mp4', contentType: 'video/mp4', size },
      as('aws-sdk-js-session-1764400000000')))).body);
    const later = as('aws-sdk-js-session-1764403600000');
    const steps = [
      { method: 'PUT', key: start.key, uploadId: 'abc', partNumber: 150, partChecksums: [CHECKSUM], size },
      { method: 'POST', key: start.key, uploadId: 'abc', size, checksum: CHECKSUM },
      { method: 'DELETE', key: start.key, uploadId: 'abc' },
    ];
    for (const step of steps) {
      const res = await handler(post(step, later));
      expect([step.method, res.statusCode]).toEqual([step.method, 200]);
    }
    // Another role is another caller.
    const other = await handler(post(steps[2], {
      requestContext: {
        http: { method: 'POST' },
        authorizer: {
          iam: {
            userArn: 'arn:aws:sts::111122223333:assumed-role/mallory/alice', userId: 'AROAOTHERROLE0000000:alice',
          },
        },
      },
    } as Partial<HttpApiEvent>));
    expect([other.statusCode, JSON.parse(other.body).code]).toEqual([403, 'KEY_NOT_YOURS']);
  });
});

describe('quotas (UPLOAD_QUOTA_TABLE), counted in dynalite', () => {
  const LIMITS = {
    requestsPerCaller: 3,
    requestWindowSeconds: 3600,
    uploadsPerCaller: 2,
    bytesPerCaller: 2 * 1048576,
    usageWindowSeconds: 86_400,
    bytesPerDay: 100 * 1048576,
    failOpen: false,
  };
  let dynamoDb: DynamoDbServer;
  let tables = 0;
  beforeAll(async () => {
    dynamoDb = await DynamoDbServer.start();
  });
  afterAll(() => dynamoDb.stop());

  async function quotaColdStart(limits: Partial<typeof LIMITS> = {},
    env: Record<string, string | undefined> = {}): Promise<{ handler: Handler; table: string }> {
    const table = `adapter-quotas-${++tables}`;
    await dynamoDb.createQuotaTable(table);
    const handler = coldStart({
      UPLOAD_QUOTA_TABLE: table,
      UPLOAD_QUOTA_LIMITS: JSON.stringify({ ...LIMITS, ...limits }),
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'presign-fn',
      ...env,
    });
    return { handler, table };
  }
  const upload = (size = 10) => post({ filename: 'a.png', contentType: 'image/png', size, checksum: CHECKSUM }, withSub('alice'));

  /** What the handler writes to stdout while `run` runs: its metric lines. */
  async function stdoutOf<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((text: any) => { lines.push(String(text)); return true; });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      return { result: await run(), lines };
    } finally {
      write.mockRestore();
      log.mockRestore();
    }
  }

  test('signs within the limits and counts every call in the caller\'s own counters', async () => {
    const { handler, table } = await quotaColdStart({}, { UPLOAD_CALLER_SOURCE: 'jwt' });
    expect((await handler(upload(1048576))).statusCode).toBe(200);
    const counters = await dynamoDb.counters(table);
    const segment = segmentOf('alice');
    expect(Object.keys(counters).sort()).toEqual([
      expect.stringMatching(new RegExp(`^bytes#86400#${segment}#\\d+$`)),
      expect.stringMatching(/^bytesPerDay#86400#endpoint#\d+$/),
      expect.stringMatching(new RegExp(`^requests#3600#${segment}#\\d+$`)),
      expect.stringMatching(new RegExp(`^uploads#86400#${segment}#\\d+$`)),
    ]);
    expect(Object.values(counters).sort((a, b) => a - b)).toEqual([1, 1, 1048576, 1048576]);
  });

  test('a refusal: 429, the limit\'s code, Retry-After, no URL, and one metric line', async () => {
    const { handler } = await quotaColdStart({}, { UPLOAD_CALLER_SOURCE: 'jwt' });
    await handler(upload(1048576));
    await handler(upload(1048576));
    const { result, lines } = await stdoutOf(() => handler(upload(1)));
    expect(result.statusCode).toBe(429);
    const retryAfter = Number(result.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(result.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.body)).toEqual({
      code: 'UPLOAD_QUOTA_EXCEEDED',
      message: expect.stringMatching(/^This caller has started the 2 uploads allowed per 1 day; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z, in /),
    });
    expect(lines).toHaveLength(1);
    const metric = JSON.parse(lines[0]);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect([metric.FunctionName, metric.Code, metric.Refusals]).toEqual(['presign-fn', 'UPLOAD_QUOTA_EXCEEDED', 1]);
    expect(Math.abs(metric._aws.Timestamp - Date.now())).toBeLessThan(5000);
  });

  test('a step counts only the call; the fourth call in the window is RATE_LIMITED', async () => {
    const { handler } = await quotaColdStart({ bytesPerCaller: 200 * 1048576, bytesPerDay: 200 * 1048576 },
      { UPLOAD_CALLER_SOURCE: 'jwt', UPLOAD_MAX_BYTES: String(200 * 1048576), UPLOAD_MULTIPART_THRESHOLD: String(100 * 1048576), UPLOAD_MULTIPART_PART_SIZE: String(64 * 1048576) });
    const step = post({ method: 'GET', key: `uploads/${segmentOf('alice')}/0b5a1f0c-5c1e-4d4e-9c3a-5e7d0f4b2a11/a.png`, uploadId: 'u1' }, withSub('alice'));
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await handler(step)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  test('bad input is refused before any counter is touched', async () => {
    const { handler, table } = await quotaColdStart({}, { UPLOAD_CALLER_SOURCE: 'jwt' });
    const { result } = await stdoutOf(() => handler(post({ filename: 'a.png', contentType: 'image/png', size: 0, checksum: CHECKSUM }, withSub('alice'))));
    expect(JSON.parse(result.body).code).toBe('INVALID_SIZE');
    expect(await dynamoDb.counters(table)).toEqual({});
  });

  test('PresignAuth.none(): counted by the source IP, hashed; no IP, no signature', async () => {
    const { handler, table } = await quotaColdStart({ uploadsPerCaller: 1 });
    const from = (sourceIp?: string) => post({ filename: 'a.png', contentType: 'image/png', size: 1, checksum: CHECKSUM }, { requestContext: { http: { method: 'POST', sourceIp } } });
    expect((await handler(from('192.0.2.10'))).statusCode).toBe(200);
    expect((await handler(from('192.0.2.10'))).statusCode).toBe(429);
    expect((await handler(from('192.0.2.11'))).statusCode).toBe(200);
    const segment = callerSegment('ip 192.0.2.10', Buffer.from(ENV.UPLOAD_CALLER_KEY));
    expect(Object.keys(await dynamoDb.counters(table)).filter((key) => key.includes(segment))).toHaveLength(3);
    const { result } = await stdoutOf(() => handler(from(undefined)));
    expect([result.statusCode, JSON.parse(result.body).code]).toEqual([403, 'MISSING_CALLER']);
  });

  test('the table can\'t answer: 503 QUOTA_UNAVAILABLE with Retry-After 1, the cause logged', async () => {
    const handler = coldStart({
      UPLOAD_QUOTA_TABLE: 'no-such-table', UPLOAD_QUOTA_LIMITS: JSON.stringify(LIMITS), AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    });
    const errors: unknown[][] = [];
    const log = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args); });
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const result = await handler(post({ filename: 'a.png', contentType: 'image/png', size: 1, checksum: CHECKSUM }, { requestContext: { http: { method: 'POST', sourceIp: '192.0.2.1' } } }));
      expect([result.statusCode, result.headers['retry-after'], JSON.parse(result.body).code]).toEqual([503, '1', 'QUOTA_UNAVAILABLE']);
      expect(errors).toEqual([['QUOTA_UNAVAILABLE:', expect.objectContaining({ type: 'ResourceNotFoundException' })]]);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
  });

  test('failOpen: the same failure signs anyway, logged and counted as failed open', async () => {
    const handler = coldStart({
      UPLOAD_QUOTA_TABLE: 'no-such-table', UPLOAD_QUOTA_LIMITS: JSON.stringify({ ...LIMITS, failOpen: true }), AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    });
    const errors: unknown[][] = [];
    const log = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args); });
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((text: any) => { lines.push(String(text)); return true; });
    try {
      const result = await handler(post({ filename: 'a.png', contentType: 'image/png', size: 1, checksum: CHECKSUM }, { requestContext: { http: { method: 'POST', sourceIp: '192.0.2.1' } } }));
      expect(result.statusCode).toBe(200);
      expect(lines.map((line) => JSON.parse(line).Code)).toEqual(['QUOTA_UNAVAILABLE_FAILED_OPEN']);
      expect(errors).toEqual([['Quotas unavailable, signing anyway (failOpen):', expect.objectContaining({ type: 'ResourceNotFoundException' })]]);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
  });

  test('without AWS_LAMBDA_FUNCTION_NAME the metric names the function "presign"', async () => {
    const { handler } = await quotaColdStart({ uploadsPerCaller: 1 }, { UPLOAD_CALLER_SOURCE: 'jwt', AWS_LAMBDA_FUNCTION_NAME: undefined });
    await handler(upload());
    const { lines } = await stdoutOf(() => handler(upload()));
    expect(JSON.parse(lines[0]).FunctionName).toBe('presign');
  });
});
