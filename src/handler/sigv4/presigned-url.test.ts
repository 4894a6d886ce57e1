import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { presignedUrlParts, presignUrl, type PresignUrlInput } from './presigned-url';
import { deriveSigningKey, encodeKeyPath } from './sigv4';
import { smithyPresign as smithyPresignWith } from '../../../test/smithy-presign';

// AWS's published SigV4 examples; see the "sources" of each entry in the fixture.
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/sigv4.json'), 'utf8'));

describe('presigned URLs against AWS\'s published example', () => {
  const v = vectors.presigned_url[0];
  const input: PresignUrlInput = {
    method: v.method,
    protocol: 'https:',
    host: v.host,
    path: v.path,
    headers: {},
    region: v.region,
    service: v.service,
    accessKeyId: v.accessKeyId,
    signedAt: new Date('2013-05-24T00:00:00Z'),
    expiresSeconds: v.expires,
  };

  test('reproduces the canonical request and the string to sign', () => {
    const parts = presignedUrlParts(input);
    expect(parts.canonicalRequest).toBe(v.canonical_request);
    expect(parts.stringToSign).toBe(v.string_to_sign);
  });

  test('reproduces the URL byte for byte', () => {
    const key = deriveSigningKey(v.secretAccessKey, '20130524', v.region, v.service);
    expect(presignUrl(input, key)).toBe(v.url);
  });
});

describe('every URL matches AWS\'s own signer (@smithy/signature-v4) for the same inputs', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  const smithyPresign = (input: PresignUrlInput) => smithyPresignWith(input, SECRET);

  // Keys never have "." or ".." segments (makeObjectKey refuses such file
  // names, the prefix is validated and the caller segment is hex): URL parsers,
  // browsers' included, would collapse them and change the signed path.
  const keyArbitrary = fc.array(
    fc.fullUnicodeString({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && s !== '.' && s !== '..'),
    { minLength: 1, maxLength: 4 },
  ).map((segments) => segments.join('/'));

  test('property: query parameters and signature are identical', async () => {
    await fc.assert(fc.asyncProperty(
      keyArbitrary,
      fc.constantFrom('image/png', 'application/pdf', 'video/mp4'),
      fc.integer({ min: 1, max: 5 * 1024 ** 3 }),
      fc.option(fc.string({ minLength: 1, maxLength: 40 }).map((t) => t.replace(/\s/g, 'x') || 'x'), { nil: undefined }),
      fc.boolean(),
      fc.constantFrom('examplebucket.s3.eu-west-1.amazonaws.com', '127.0.0.1:7070', 's3.cn-north-1.amazonaws.com.cn'),
      fc.integer({ min: 1, max: 604800 }),
      fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z') }),
      async (key, contentType, size, sessionToken, kms, host, expiresSeconds, signedAt) => {
        const region = host.includes('cn-north-1') ? 'cn-north-1' : 'eu-west-1';
        const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(size), 'if-none-match': '*' };
        if (kms) {
          headers['x-amz-server-side-encryption'] = 'aws:kms';
          headers['x-amz-server-side-encryption-aws-kms-key-id'] = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
        }
        const input: PresignUrlInput = {
          method: 'PUT',
          protocol: host.startsWith('127.') ? 'http:' : 'https:',
          host,
          path: `/${encodeKeyPath(key)}`,
          headers,
          region,
          service: 's3',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          sessionToken,
          signedAt: new Date(Math.floor(signedAt.getTime() / 1000) * 1000),
          expiresSeconds,
        };
        const signingKey = deriveSigningKey(SECRET, input.signedAt.toISOString().slice(0, 10).replace(/-/g, ''), region, 's3');
        const ours = new URL(presignUrl(input, signingKey));
        expect(`${ours.protocol}//${ours.host}${ours.pathname}`).toBe(`${input.protocol}//${host}${input.path}`);
        expect(Object.fromEntries(ours.searchParams)).toEqual(await smithyPresign(input));
      },
    ), { numRuns: 300 });
  });

  const fixed: PresignUrlInput = {
    method: 'PUT',
    protocol: 'https:',
    host: 'examplebucket.s3.eu-west-1.amazonaws.com',
    path: '/uploads/a.png',
    headers: { 'content-type': 'image/png', 'content-length': '5', 'if-none-match': '*' },
    region: 'eu-west-1',
    service: 's3',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    sessionToken: 'FwoGZXIvYXdzEXAMPLE+token/=',
    signedAt: new Date('2026-11-23T12:00:00Z'),
    expiresSeconds: 900,
  };
  const fixedKey = deriveSigningKey(SECRET, '20261123', 'eu-west-1', 's3');

  test('with a session token, the canonical query is sorted by name (X-Amz-Security-Token before X-Amz-SignedHeaders)', async () => {
    const { query } = presignedUrlParts(fixed);
    expect(query.split('&').map((p) => p.split('=')[0])).toEqual([
      'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Security-Token', 'X-Amz-SignedHeaders',
    ]);
    expect(Object.fromEntries(new URL(presignUrl(fixed, fixedKey)).searchParams)).toEqual(await smithyPresign(fixed));
  });

  test('header values are signed trimmed, with inner runs of whitespace as one space, as SigV4 specifies', async () => {
    const spaced = { ...fixed, headers: { ...fixed.headers, 'x-amz-meta-note': '  two   spaces\tand a tab  ' } };
    expect(presignedUrlParts(spaced).canonicalRequest).toContain('\nx-amz-meta-note:two spaces and a tab\n');
    expect(Object.fromEntries(new URL(presignUrl(spaced, fixedKey)).searchParams)).toEqual(await smithyPresign(spaced));
  });
});


describe('the requests of a multipart upload match @smithy/signature-v4 too', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const uploadId = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,120}$/);

  test('property: start, part, list, completion and abort, with their query parameters signed', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(
        fc.constant({ method: 'POST', query: { uploads: '' }, headers: { 'content-type': 'video/mp4' } }),
        fc.tuple(uploadId, fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 5 * 1024 ** 3 })).map(([id, n, length]) =>
          ({ method: 'PUT', query: { partNumber: String(n), uploadId: id }, headers: { 'content-length': String(length) } })),
        uploadId.map((id) => ({ method: 'GET', query: { uploadId: id }, headers: {} })),
        fc.tuple(uploadId, fc.integer({ min: 1, max: 5 * 1024 ** 4 })).map(([id, size]) =>
          ({ method: 'POST', query: { uploadId: id }, headers: { 'if-none-match': '*', 'x-amz-mp-object-size': String(size) } })),
        uploadId.map((id) => ({ method: 'DELETE', query: { uploadId: id }, headers: {} })),
      ),
      fc.option(fc.constant('FwoGZXIvYXdzEXAMPLE+token/='), { nil: undefined }),
      fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z') }),
      async (request, sessionToken, signedAt) => {
        const input: PresignUrlInput = {
          ...request,
          protocol: 'https:',
          host: 'examplebucket.s3.eu-west-1.amazonaws.com',
          path: '/uploads/9b2f6c1e-1d2f-4c3a-8b4d-5e6f7a8b9c0d/film.mp4',
          region: 'eu-west-1',
          service: 's3',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          sessionToken,
          signedAt: new Date(Math.floor(signedAt.getTime() / 1000) * 1000),
          expiresSeconds: 900,
        };
        const signingKey = deriveSigningKey(SECRET, input.signedAt.toISOString().slice(0, 10).replace(/-/g, ''), 'eu-west-1', 's3');
        const ours = new URL(presignUrl(input, signingKey));
        expect(Object.fromEntries(ours.searchParams)).toEqual(await smithyPresignWith(input, SECRET));
      },
    ), { numRuns: 300 });
  });

  test('the operation\'s parameters sort after the X-Amz-* ones, and an empty value keeps its "="', () => {
    const { query, canonicalRequest } = presignedUrlParts({
      method: 'POST',
      protocol: 'https:',
      host: 'b.s3.eu-west-1.amazonaws.com',
      path: '/k',
      headers: {},
      query: { uploads: '' },
      region: 'eu-west-1',
      service: 's3',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      signedAt: new Date('2026-11-23T00:00:00Z'),
      expiresSeconds: 60,
    });
    expect(query.split('&').map((p) => p.split('=')[0])).toEqual([
      'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'uploads',
    ]);
    expect(query.endsWith('&uploads=')).toBe(true);
    expect(canonicalRequest.split('\n')[2]).toBe(query);
  });
});
