import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPostPolicy, signPostPolicy } from './post-policy';
import { deriveSigningKey } from './sigv4';

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../test/fixtures/sigv4.json'), 'utf8'));

const base = {
  bucket: 'uploads-bucket',
  key: 'uploads/123/a.png',
  contentType: 'image/png',
  minBytes: 1,
  maxBytes: 1000,
  signedAt: new Date('2026-01-02T03:04:05.678Z'),
  expiresAt: new Date('2026-01-02T03:19:05.678Z'),
  region: 'eu-west-1',
  accessKeyId: 'AKIDEXAMPLE',
};

describe('buildPostPolicy', () => {
  test('pins bucket, exact key, exact Content-Type, size range, status and credential', () => {
    const { document, fields } = buildPostPolicy(base);
    const policy = JSON.parse(document);
    expect(policy.expiration).toBe('2026-01-02T03:19:05.678Z');
    expect(policy.conditions).toEqual([
      { bucket: 'uploads-bucket' },
      { key: 'uploads/123/a.png' },
      { 'Content-Type': 'image/png' },
      ['content-length-range', 1, 1000],
      { success_action_status: '201' },
      { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      { 'X-Amz-Credential': 'AKIDEXAMPLE/20260102/eu-west-1/s3/aws4_request' },
      { 'X-Amz-Date': '20260102T030405Z' },
    ]);
    expect(fields).toEqual({
      'bucket': 'uploads-bucket',
      'key': 'uploads/123/a.png',
      'Content-Type': 'image/png',
      'success_action_status': '201',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260102/eu-west-1/s3/aws4_request',
      'X-Amz-Date': '20260102T030405Z',
    });
  });

  test('has no starts-with condition and no acl', () => {
    const { document, fields } = buildPostPolicy({ ...base, sessionToken: 't', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' });
    expect(document).not.toContain('starts-with');
    expect(document.toLowerCase()).not.toContain('acl');
    expect(Object.keys(fields).map((f) => f.toLowerCase())).not.toContain('acl');
  });

  test('adds the session token when there is one', () => {
    const { document, fields } = buildPostPolicy({ ...base, sessionToken: 'session/token+=' });
    expect(JSON.parse(document).conditions).toContainEqual({ 'X-Amz-Security-Token': 'session/token+=' });
    expect(fields['X-Amz-Security-Token']).toBe('session/token+=');
  });

  test('adds SSE-KMS and the key id when the bucket uses KMS', () => {
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { document, fields } = buildPostPolicy({ ...base, kmsKeyArn });
    const conditions = JSON.parse(document).conditions;
    expect(conditions).toContainEqual({ 'x-amz-server-side-encryption': 'aws:kms' });
    expect(conditions).toContainEqual({ 'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyArn });
    expect(fields['x-amz-server-side-encryption']).toBe('aws:kms');
  });

  test('covers every form field with an exact condition', () => {
    const { document, fields } = buildPostPolicy({ ...base, sessionToken: 't', kmsKeyArn: 'arn:k' });
    const conditions: unknown[] = JSON.parse(document).conditions;
    for (const [name, value] of Object.entries(fields)) {
      expect(conditions).toContainEqual({ [name]: value });
    }
  });
});

describe('signPostPolicy', () => {
  test('reproduces the AWS browser-based POST example', () => {
    const v = vectors.post_policy[0];
    const key = deriveSigningKey(v.secretAccessKey, v.date, v.region, v.service);
    expect(signPostPolicy(v.policy_json_exact, key)).toEqual({ policy: v.policy_base64, signature: v.expected_signature });
  });
});
