import * as fc from 'fast-check';
import type { HttpApiEvent, HttpApiResult } from './presign-api.lambda';
import { deriveSigningKey, signHex } from './sigv4';
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
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const originalEnv = process.env;

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
  return handler!;
}

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

function decodePolicy(fields: Record<string, string>): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
}

afterEach(() => {
  process.env = originalEnv;
  jest.useRealTimers();
});

describe('presign handler: success', () => {
  test('answers 200 with the Uppy getUploadParameters shape', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-04T05:06:07.000Z') });
    const res = await coldStart()(post({ filename: 'cat photo.png', contentType: 'image/png', size: 2048 }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = JSON.parse(res.body);
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'fields', 'headers', 'key', 'maxBytes', 'method', 'url']);
    expect(body.method).toBe('POST');
    expect(body.url).toBe('https://uploads-bucket.s3.eu-west-1.amazonaws.com/');
    expect(body.headers).toEqual({});
    expect(body.expiresAt).toBe('2026-03-04T05:21:07.000Z');
    expect(body.maxBytes).toBe(2048);
    const [prefix, id, name, ...rest] = body.key.split('/');
    expect([prefix, name, rest]).toEqual(['uploads', 'cat_photo.png', []]);
    expect(id).toMatch(UUID);
  });

  test('signs a policy whose conditions pin everything', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-04T05:06:07.000Z') });
    const body = JSON.parse((await coldStart()(post({ filename: 'a.pdf', contentType: 'application/pdf' }))).body);
    const policy = decodePolicy(body.fields);
    expect(policy.expiration).toBe(body.expiresAt);
    expect(policy.conditions).toEqual([
      { bucket: 'uploads-bucket' },
      { key: body.key },
      { 'Content-Type': 'application/pdf' },
      ['content-length-range', 1, 1048576],
      { success_action_status: '201' },
      { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      { 'X-Amz-Credential': 'ASIAEXAMPLEEXAMPLE/20260304/eu-west-1/s3/aws4_request' },
      { 'X-Amz-Date': '20260304T050607Z' },
      { 'X-Amz-Security-Token': ENV.AWS_SESSION_TOKEN },
    ]);
    const key = deriveSigningKey(ENV.AWS_SECRET_ACCESS_KEY, '20260304', 'eu-west-1', 's3');
    expect(body.fields['X-Amz-Signature']).toBe(signHex(key, body.fields.Policy));
  });

  test('gives every call a new key', async () => {
    const handler = coldStart();
    const keys = new Set<string>();
    for (let i = 0; i < 20; i++) keys.add(JSON.parse((await handler(post({ filename: 'a.png', contentType: 'image/png' }))).body).key);
    expect(keys.size).toBe(20);
  });

  test('keys uploads by the JWT subject when configured', async () => {
    const res = await coldStart({ UPLOAD_KEY_BY_SUBJECT: 'true' })(post({ filename: 'a.png', contentType: 'image/png' }, withSub('auth0|42')));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).key).toMatch(/^uploads\/auth0~7C42\/[0-9a-f-]{36}\/a\.png$/);
  });

  test('refuses with 403 MISSING_SUBJECT when keyed by subject and the token has none', async () => {
    const handler = coldStart({ UPLOAD_KEY_BY_SUBJECT: 'true' });
    for (const event of [post({ filename: 'a.png', contentType: 'image/png' }), post({ filename: 'a.png', contentType: 'image/png' }, withSub(''))]) {
      const res = await handler(event);
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body).code).toBe('MISSING_SUBJECT');
    }
  });

  test.each([
    ['a lone surrogate', '\ud800', 'INVALID_SUBJECT'],
    ['one that leaves no room for a file name', 's'.repeat(1000), 'SUBJECT_TOO_LONG'],
  ])('refuses a subject that is %s with 403 %s, signing nothing', async (_what, sub, code) => {
    const res = await coldStart({ UPLOAD_KEY_BY_SUBJECT: 'true' })(post({ filename: 'a.png', contentType: 'image/png' }, withSub(sub)));
    expect(res.statusCode).toBe(403);
    const body = JSON.parse(res.body);
    expect(body.code).toBe(code);
    expect(body.fields).toBeUndefined();
  });

  test('a subject of exactly one character is a subject (the empty one is missing)', async () => {
    const res = await coldStart({ UPLOAD_KEY_BY_SUBJECT: 'true' })(post({ filename: 'a.png', contentType: 'image/png' }, withSub('x')));
    expect(JSON.parse(res.body).key).toMatch(/^uploads\/x\/[0-9a-f-]{36}\/a\.png$/);
  });

  test('ignores a subject when not keyed by subject', async () => {
    const res = await coldStart()(post({ filename: 'a.png', contentType: 'image/png' }, withSub('someone')));
    expect(JSON.parse(res.body).key).not.toContain('someone');
  });

  test('adds SSE-KMS conditions when the bucket uses a KMS key', async () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const body = JSON.parse((await coldStart({ UPLOAD_KMS_KEY_ARN: arn })(post({ filename: 'a.png', contentType: 'image/png' }))).body);
    expect(body.fields['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(body.fields['x-amz-server-side-encryption-aws-kms-key-id']).toBe(arn);
    expect(decodePolicy(body.fields).conditions).toContainEqual({ 'x-amz-server-side-encryption-aws-kms-key-id': arn });
  });

  test('works without a session token (long-term credentials)', async () => {
    const body = JSON.parse((await coldStart({ AWS_SESSION_TOKEN: undefined })(post({ filename: 'a.png', contentType: 'image/png' }))).body);
    expect(body.fields['X-Amz-Security-Token']).toBeUndefined();
    expect(JSON.stringify(decodePolicy(body.fields))).not.toContain('Security-Token');
  });

  test('AWS_ENDPOINT_URL_S3 sends the browser to a local endpoint, path style', async () => {
    const body = JSON.parse((await coldStart({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7070' })(post({ filename: 'a.png', contentType: 'image/png' }))).body);
    expect(body.url).toBe('http://127.0.0.1:7070/uploads-bucket');
  });

  test('honours the configured content type list', async () => {
    const handler = coldStart({ UPLOAD_ALLOWED_CONTENT_TYPES: '["image/*"]' });
    expect((await handler(post({ filename: 'a.png', contentType: 'image/png' }))).statusCode).toBe(200);
    expect(JSON.parse((await handler(post({ filename: 'a.pdf', contentType: 'application/pdf' }))).body).code).toBe('CONTENT_TYPE_NOT_ALLOWED');
  });
});

describe('presign handler: refusals', () => {
  const valid = { filename: 'a.png', contentType: 'image/png' };

  test.each<[string, HttpApiEvent, number, string]>([
    ['GET', { ...post(valid), requestContext: { http: { method: 'GET' } } }, 405, 'METHOD_NOT_ALLOWED'],
    ['no content type', { ...post(valid), headers: {} }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['form encoding', { ...post(valid), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['empty body', post(''), 400, 'EMPTY_BODY'],
    ['oversized body', post({ filename: 'a'.repeat(5000), contentType: 'image/png' }), 413, 'BODY_TOO_LARGE'],
    ['malformed JSON', post('{"filename": "a.png",'), 400, 'MALFORMED_JSON'],
    ['array body', post([valid]), 400, 'INVALID_BODY'],
    ['missing filename', post({ contentType: 'image/png' }), 400, 'MISSING_FIELD'],
    ['missing contentType', post({ filename: 'a.png' }), 400, 'MISSING_FIELD'],
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
      const policy = decodePolicy(parsed.fields);
      const contentType = (policy.conditions.find((c: any) => c['Content-Type']) as any)['Content-Type'];
      expect(isBrowserExecutable(contentType)).toBe(false);
      const range = policy.conditions.find((c) => Array.isArray(c)) as [string, number, number];
      expect(range[1]).toBeGreaterThanOrEqual(1);
      expect(range[2]).toBeLessThanOrEqual(1048576);
      const [prefix, id, ...name] = parsed.key.split('/');
      expect(prefix).toBe('uploads');
      expect(id).toMatch(UUID);
      expect(name).toHaveLength(1);
      expect(name[0]).not.toMatch(/^\.\.?$/);
      expect(Buffer.byteLength(parsed.key)).toBeLessThanOrEqual(1024);
    }), { numRuns: 1500 });
  });

  test('requests made invalid on purpose are never signed', async () => {
    const validBody = fc.record({ filename: fc.stringMatching(/^[a-z]{1,20}\.png$/), contentType: fc.constant('image/png') });
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
