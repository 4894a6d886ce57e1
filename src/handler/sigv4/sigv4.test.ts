import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SigningKeyCache, credentialScope, deriveSigningKey, signHex, toAmzDate } from './sigv4';

// AWS's published SigV4 examples; see the "sources" of each entry in the fixture.
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/sigv4.json'), 'utf8'));
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('SigV4 signer against AWS published examples', () => {
  const post = vectors.post_policy[0];

  test('derives the signing key of the browser-based POST example', () => {
    const key = deriveSigningKey(post.secretAccessKey, post.date, post.region, post.service);
    expect(key.toString('hex')).toBe(post.signing_key_hex_computed_here);
  });

  test('signs the POST policy example byte for byte', () => {
    // The exact policy bytes (CRLF line endings included) encode to the published base64.
    expect(Buffer.from(post.policy_json_exact, 'utf8').toString('base64')).toBe(post.policy_base64);
    const key = deriveSigningKey(post.secretAccessKey, post.date, post.region, post.service);
    expect(signHex(key, post.string_to_sign)).toBe(post.expected_signature);
  });

  test('builds the credential of the POST example', () => {
    expect(`${post.accessKeyId}/${credentialScope(post.date, post.region, post.service)}`).toBe(post.credential);
  });

  test.each([
    ...vectors.presigned_url.map((v: any) => [v.id, v]),
    ...vectors.header_auth.filter((v: any) => v.canonical_request).map((v: any) => [v.id, v]),
  ])('reproduces string to sign and signature of %s', (_id, v: any) => {
    const amzDate = /\n(\d{8}T\d{6}Z)\n/.exec(v.string_to_sign)?.[1] ?? '';
    const scope = credentialScope(amzDate.slice(0, 8), v.region, v.service);
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(v.canonical_request)].join('\n');
    expect(stringToSign).toBe(v.string_to_sign);
    const key = deriveSigningKey(v.secretAccessKey, amzDate.slice(0, 8), v.region, v.service);
    expect(signHex(key, stringToSign)).toBe(v.expected_signature);
  });

  test('signs the single-chunk PUT example from its string to sign', () => {
    const v = vectors.header_auth.find((h: any) => h.id === 'aws-doc-put-object-single-chunk');
    const get = vectors.header_auth[0];
    const key = deriveSigningKey(get.secretAccessKey, '20130524', 'us-east-1', 's3');
    expect(signHex(key, v.string_to_sign)).toBe(v.expected_signature);
  });

  test('reproduces the get-vanilla case of the SigV4 test suite', () => {
    const suite = vectors.aws_sig_v4_test_suite;
    const vanilla = suite.cases.find((c: any) => c.name === 'get-vanilla');
    const stringToSign = ['AWS4-HMAC-SHA256', '20150830T123600Z', credentialScope('20150830', 'us-east-1', 'service'), vanilla.canonical_request_sha256_computed_here].join('\n');
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'service');
    const signature = /Signature=([0-9a-f]{64})/.exec(vanilla.authorization)?.[1];
    expect(signHex(key, stringToSign)).toBe(signature);
  });
});

describe('toAmzDate', () => {
  test('formats as YYYYMMDDTHHMMSSZ without milliseconds', () => {
    expect(toAmzDate(new Date('2015-12-29T00:00:00.123Z'))).toBe('20151229T000000Z');
    expect(toAmzDate(new Date('2026-02-03T04:05:06Z'))).toBe('20260203T040506Z');
  });
});

describe('SigningKeyCache', () => {
  test('returns the derived key and reuses it for the same day', () => {
    const cache = new SigningKeyCache();
    const first = cache.get('secret', '20260101', 'eu-west-1', 's3');
    expect(first.equals(deriveSigningKey('secret', '20260101', 'eu-west-1', 's3'))).toBe(true);
    expect(cache.get('secret', '20260101', 'eu-west-1', 's3')).toBe(first);
  });

  test('derives a new key when the day, region or secret changes', () => {
    const cache = new SigningKeyCache();
    const first = cache.get('secret', '20260101', 'eu-west-1', 's3');
    const nextDay = cache.get('secret', '20260102', 'eu-west-1', 's3');
    expect(nextDay.equals(first)).toBe(false);
    expect(nextDay.equals(deriveSigningKey('secret', '20260102', 'eu-west-1', 's3'))).toBe(true);
    expect(cache.get('rotated', '20260102', 'eu-west-1', 's3').equals(nextDay)).toBe(false);
    expect(cache.get('rotated', '20260102', 'us-east-1', 's3').equals(deriveSigningKey('rotated', '20260102', 'us-east-1', 's3'))).toBe(true);
  });
});
