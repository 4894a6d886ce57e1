import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Lets `grantee` read objects matching `keyPattern`, and nothing else:
 * `s3:GetObject` only (no listing, ACL or bucket reads), plus `kms:Decrypt`
 * on the bucket's key when it has one.
 */
export function grantGetObjects(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string): iam.Grant {
  return grantObjectAction(bucket, grantee, keyPattern, 's3:GetObject', 'kms:Decrypt');
}

/**
 * Lets `grantee` write objects matching `keyPattern`, and nothing else:
 * `s3:PutObject` only (no ACL, tagging, retention or `Abort*` wildcards), plus
 * `kms:GenerateDataKey` on the bucket's key when it has one.
 */
export function grantPutObjects(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string): iam.Grant {
  return grantObjectAction(bucket, grantee, keyPattern, 's3:PutObject', 'kms:GenerateDataKey');
}

/**
 * Lets `grantee` sign the steps of a multipart upload besides those
 * `s3:PutObject` covers (start, part, completion): `s3:ListMultipartUploadParts`
 * (resume) and `s3:AbortMultipartUpload`, plus `kms:Decrypt` on the bucket's
 * key when it has one, which S3 needs to complete an SSE-KMS multipart upload.
 */
export function grantMultipartSteps(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string): iam.Grant {
  return grantObjectAction(bucket, grantee, keyPattern, ['s3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], 'kms:Decrypt');
}

/** S3 object actions on `keyPattern`, and the one KMS action they need when the bucket has a key. */
function grantObjectAction(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string, s3Actions: string | string[],
  kmsAction: string): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: typeof s3Actions === 'string' ? [s3Actions] : s3Actions,
    resourceArns: [bucket.arnForObjects(keyPattern)],
  });
  bucket.encryptionKey?.grant(grantee, kmsAction);
  return grant;
}
