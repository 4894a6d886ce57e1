import { Size } from 'aws-cdk-lib';
import { BUCKET, decide, resolveIntrinsics, uploadBucketPolicy } from './policy-evaluation';
import { makeStack } from './util';

/**
 * The upload bucket's write-once rule (DenyUploadsThatMayOverwrite),
 * evaluated by an IAM policy evaluator for s3:PutObject requests of every
 * kind: S3 authorizes PutObject, CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload all as s3:PutObject, and sets
 * s3:ObjectCreationOperation to true for the writes that store an object
 * (PutObject, CompleteMultipartUpload) and false for the start and the parts.
 * AWS documents the key only as the way to exempt the start and the parts,
 * so the rule must also deny a write for which S3 sets no key at all.
 */

const PRESIGN_ROLE_SESSION = 'arn:aws:sts::111122223333:assumed-role/presign-function/presign';
const UPLOAD = `arn:aws:s3:::${BUCKET}/uploads/0123456789abcdef0123456789abcdef/0b7e5f9e-5c1a-4c55-9d44-2f3e1a0c9b11/photo.png`;

/** The decision for an s3:PutObject on `resource` with these condition keys (absent when undefined). */
function put(policy: any, keys: { creation?: 'true' | 'false'; ifNoneMatch?: string }, resource = UPLOAD): Promise<string> {
  const context: Record<string, string> = {};
  if (keys.creation !== undefined) context['s3:ObjectCreationOperation'] = keys.creation;
  if (keys.ifNoneMatch !== undefined) context['s3:if-none-match'] = keys.ifNoneMatch;
  return decide(policy, { principal: PRESIGN_ROLE_SESSION, action: 's3:PutObject', resource, context });
}

describe('with multipart uploads', () => {
  const policy = resolveIntrinsics(uploadBucketPolicy(makeStack({ maxUploadSize: Size.gibibytes(10) }).template()));

  test.each<[string, { creation?: 'true' | 'false'; ifNoneMatch?: string }, string]>([
    ['a write that stores an object, without If-None-Match', { creation: 'true' }, 'ExplicitlyDenied'],
    ['a write that stores an object, with If-None-Match: *', { creation: 'true', ifNoneMatch: '*' }, 'Allowed'],
    ['the start or a part, which cannot carry If-None-Match', { creation: 'false' }, 'Allowed'],
    ['the start or a part, with If-None-Match anyway', { creation: 'false', ifNoneMatch: '*' }, 'Allowed'],
    ['a write for which S3 sets no s3:ObjectCreationOperation, without If-None-Match', {}, 'ExplicitlyDenied'],
    ['a write for which S3 sets no s3:ObjectCreationOperation, with If-None-Match: *', { ifNoneMatch: '*' }, 'Allowed'],
  ])('%s (%j): %s', async (_what, keys, decision) => {
    expect(await put(policy, keys)).toBe(decision);
  });

  test('outside the upload prefix the rule does not apply', async () => {
    expect(await put(policy, { creation: 'true' }, `arn:aws:s3:::${BUCKET}/results-elsewhere/a.png`)).toBe('Allowed');
  });

  test('the same statement with plain Bool, as it was, fails open when the key is absent: the case this test exists for', async () => {
    const withBool = structuredClone(policy);
    const statement = withBool.Statement.find((s: any) => s.Sid === 'DenyUploadsThatMayOverwrite');
    statement.Condition.Bool = statement.Condition.BoolIfExists;
    delete statement.Condition.BoolIfExists;
    expect(await put(withBool, {})).toBe('Allowed');
    expect(await put(policy, {})).toBe('ExplicitlyDenied');
  });
});

describe('without multipart uploads', () => {
  const policy = resolveIntrinsics(uploadBucketPolicy(makeStack().template()));

  test.each<[string, { creation?: 'true' | 'false'; ifNoneMatch?: string }, string]>([
    ['any write without If-None-Match, whatever s3:ObjectCreationOperation says', { creation: 'false' }, 'ExplicitlyDenied'],
    ['a write that stores an object, without If-None-Match', { creation: 'true' }, 'ExplicitlyDenied'],
    ['a write without any key', {}, 'ExplicitlyDenied'],
    ['a write with If-None-Match: *', { creation: 'true', ifNoneMatch: '*' }, 'Allowed'],
  ])('%s (%j): %s', async (_what, keys, decision) => {
    expect(await put(policy, keys)).toBe(decision);
  });
});
