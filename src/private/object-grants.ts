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

/** One S3 object action on `keyPattern`, and the one KMS action it needs when the bucket has a key. */
function grantObjectAction(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string, s3Action: string, kmsAction: string): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: [s3Action],
    resourceArns: [bucket.arnForObjects(keyPattern)],
  });
  bucket.encryptionKey?.grant(grantee, kmsAction);
  return grant;
}
