import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import * as fc from 'fast-check';
import { headerAuthParts, signHeaders, type HeaderAuthInput } from './signed-headers';
import { deriveSigningKey } from './sigv4';
import { NodeSha256 } from '../../../test/smithy-presign';

// AWS's published SigV4 examples; see the "sources" of each entry in the fixture.
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/sigv4.json'), 'utf8'));
const suite = vectors.aws_sig_v4_test_suite;
const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const suiteKey = deriveSigningKey(SUITE_SECRET, '20150830', 'us-east-1', 'service');

/** A case of AWS's SigV4 test suite, as this signer takes it (x-amz-date and host are its own). */
function suiteInput(overrides: Partial<HeaderAuthInput>): HeaderAuthInput {
  return {
    method: 'GET',
    host: 'example.amazonaws.com',
    path: '/',
    headers: {},
    body: '',
    region: 'us-east-1',
    service: 'service',
    accessKeyId: 'AKIDEXAMPLE',
    signedAt: SUITE_DATE,
    ...overrides,
  };
}

const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(headers.authorization)?.[1];
const suiteCase = (name: string) => suite.cases.find((c: any) => c.name === name);

describe('header authentication against AWS\'s published examples', () => {
  test('get-vanilla: the whole Authorization header, byte for byte', () => {
    const vanilla = suiteCase('get-vanilla');
    const parts = headerAuthParts(suiteInput({}));
    expect(createHash('sha256').update(parts.canonicalRequest).digest('hex')).toBe(vanilla.canonical_request_sha256_computed_here);
    const headers = signHeaders(suiteInput({}), suiteKey);
    expect(headers.authorization).toBe(vanilla.authorization);
    expect(headers['x-amz-date']).toBe(vanilla.headers['x-amz-date']);
    expect(headers.host).toBe(vanilla.headers.host);
  });

  test.each([
    ['get-vanilla-query-order-key-case', suiteInput({ query: { Param2: 'value2', Param1: 'value1' } })],
    ['get-vanilla-query-unreserved', suiteInput({
      query: { '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz': '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
    })],
    ['get-utf8', suiteInput({ path: '/%E1%88%B4' })],
    ['post-vanilla', suiteInput({ method: 'POST' })],
    ['post-x-www-form-urlencoded', suiteInput({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Param1=value1' })],
  ])('%s: the published signature', (name, input) => {
    expect(signatureOf(signHeaders(input, suiteKey))).toBe(suiteCase(name).signature);
  });

  test('S3\'s GET Object example: canonical request, string to sign and signature', () => {
    const v = vectors.header_auth.find((h: any) => h.id === 'aws-doc-get-object-range');
    const input: HeaderAuthInput = {
      method: 'GET',
      host: 'examplebucket.s3.amazonaws.com',
      path: '/test.txt',
      body: '',
      headers: { 'Range': 'bytes=0-9', 'x-amz-content-sha256': createHash('sha256').update('').digest('hex') },
      region: v.region,
      service: v.service,
      accessKeyId: v.accessKeyId,
      signedAt: new Date('2013-05-24T00:00:00Z'),
    };
    const parts = headerAuthParts(input);
    expect(parts.canonicalRequest).toBe(v.canonical_request);
    expect(parts.stringToSign).toBe(v.string_to_sign);
    const key = deriveSigningKey(v.secretAccessKey, '20130524', v.region, v.service);
    expect(signatureOf(signHeaders(input, key))).toBe(v.expected_signature);
  });

  test('temporary credentials: the session token is sent and signed', () => {
    const headers = signHeaders(suiteInput({ sessionToken: 'token/with+chars=' }), suiteKey);
    expect(headers['x-amz-security-token']).toBe('token/with+chars=');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});

describe('every DynamoDB-shaped request matches AWS\'s own signer (@smithy/signature-v4)', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  test('property: identical headers and Authorization', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('dynamodb.eu-west-1.amazonaws.com', '127.0.0.1:8000', 'dynamodb.cn-north-1.amazonaws.com.cn'),
      fc.constantFrom('UpdateItem', 'GetItem', 'PutItem'),
      fc.fullUnicodeString({ maxLength: 300 }),
      fc.option(fc.string({ minLength: 1, maxLength: 60 }).map((t) => t.replace(/\s/g, 'x') || 'x'), { nil: undefined }),
      fc.dictionary(fc.constantFrom('Param1', 'a b', 'é', 'x-y'), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
      fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z') }),
      async (host, operation, body, sessionToken, query, signedAt) => {
        const region = host.includes('cn-north-1') ? 'cn-north-1' : 'eu-west-1';
        const input: HeaderAuthInput = {
          method: 'POST',
          host,
          path: '/',
          query,
          body,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
          region,
          service: 'dynamodb',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          sessionToken,
          signedAt,
        };
        const ours = signHeaders(input, deriveSigningKey(SECRET, signedAt.toISOString().slice(0, 10).replace(/-/g, ''), region, 'dynamodb'));
        const [hostname, port] = host.split(':');
        const smithy = await new SignatureV4({
          credentials: { accessKeyId: input.accessKeyId, secretAccessKey: SECRET, sessionToken },
          region,
          service: 'dynamodb',
          sha256: NodeSha256 as any,
          applyChecksum: false,
        }).sign({
          method: 'POST',
          protocol: 'https:',
          hostname,
          port: port === undefined ? undefined : Number(port),
          path: '/',
          query,
          headers: { host, ...input.headers },
          body,
        } as any, { signingDate: signedAt });
        const theirs = Object.fromEntries(Object.entries((smithy as any).headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
        expect(ours).toEqual(theirs);
      },
    ), { numRuns: 300 });
  });
});
