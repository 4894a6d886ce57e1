import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SigningKeyCache, canonicalHeaders, canonicalQuery, canonicalRequest, credentialScope, deriveSigningKey, encodeKeyPath, sha256Hex as coreSha256Hex,
  signHex, stringToSignOf, toAmzDate, uriEncode,
} from './sigv4';

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

describe('uriEncode and encodeKeyPath', () => {
  test('keep only A-Z a-z 0-9 - _ . ~ and encode UTF-8 bytes in upper-case hex', () => {
    expect(uriEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(uriEncode("!'()* +=/&?#%")).toBe('%21%27%28%29%2A%20%2B%3D%2F%26%3F%23%25');
    expect(uriEncode('é')).toBe('%C3%A9');
  });

  test('encode the UTF-8 path of the SigV4 test suite\'s get-utf8 case', () => {
    const utf8 = vectors.aws_sig_v4_test_suite.cases.find((c: any) => c.name === 'get-utf8');
    expect(encodeKeyPath(utf8.path)).toBe('/%E1%88%B4');
  });

  test('keep the slashes between key segments', () => {
    expect(encodeKeyPath('uploads/auth0~7C42/photo (1).png')).toBe('uploads/auth0~7C42/photo%20%281%29.png');
  });
});

describe('the canonical request', () => {
  test('the query: names and values encoded, sorted by encoded name as bytes', () => {
    // Raw order puts 'a b' before 'a+b' (space < '+'); encoded, 'a%20b' sorts before 'a%2Bb', and both before 'a~' and after 'X'.
    expect(canonicalQuery({ 'a~': '1', 'a+b': '2', 'a b': '3', 'X': '/' })).toBe('X=%2F&a%20b=3&a%2Bb=2&a~=1');
    // '%' (0x25) sorts before digits and letters: an encoded name goes where its bytes put it.
    expect(canonicalQuery({ b: '', é: 'é', A: '' })).toBe('%C3%A9=%C3%A9&A=&b=');
    expect(canonicalQuery({})).toBe('');
  });

  test('the headers: lower-case names in order, values trimmed with inner whitespace runs as one space, the later of two spellings', () => {
    const headers = canonicalHeaders({ 'X-Amz-Meta-Note': '  two  spaces\tand a tab ', 'host': 'h', 'x-amz-meta-note': 'later', 'Content-Type': 'a/b' });
    expect(headers.values).toEqual({ 'x-amz-meta-note': 'later', 'host': 'h', 'content-type': 'a/b' });
    expect(headers.signedHeaders).toBe('content-type;host;x-amz-meta-note');
    expect(headers.text).toBe('content-type:a/b\nhost:h\nx-amz-meta-note:later\n');
    expect(canonicalHeaders({ A: ' x \t\n y ' }).values).toEqual({ a: 'x y' });
  });

  test('the request and string to sign of S3\'s GET Object example, byte for byte', () => {
    const v = vectors.header_auth.find((h: any) => h.id === 'aws-doc-get-object-range');
    const request = canonicalRequest({
      method: 'GET',
      path: encodeKeyPath('/test.txt'),
      query: canonicalQuery({}),
      headers: canonicalHeaders({
        'host': 'examplebucket.s3.amazonaws.com',
        'Range': 'bytes=0-9',
        'x-amz-content-sha256': coreSha256Hex(''),
        'x-amz-date': '20130524T000000Z',
      }),
      payloadHash: coreSha256Hex(''),
    });
    expect(request).toBe(v.canonical_request);
    expect(stringToSignOf('20130524T000000Z', credentialScope('20130524', v.region, v.service), request)).toBe(v.string_to_sign);
  });
});
