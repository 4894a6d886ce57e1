import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket';
import type { UploadCors } from './upload-cors';

/** Props of {@link UploadBucket}. */
export interface UploadBucketProps {
  readonly cors: UploadCors;
  readonly encryptionKey?: IKey;
  /** Key prefix of every upload (may be empty). */
  readonly uploadPrefix: string;
  /** Whether the endpoint signs multipart uploads (the write-once rule then exempts the start and the parts). */
  readonly multipart: boolean;
  /** Whether the bucket's Transfer Acceleration is enabled. */
  readonly transferAcceleration: boolean;
  /** Uploads are deleted this long after they are stored; kept when undefined. */
  readonly expireUploadsAfter?: Duration;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The bucket browsers PUT into: the secure baseline, the exact CORS rule of
 * the presigned-PUT flow, write-once keys under the upload prefix, and
 * lifecycle rules that abort incomplete multipart uploads after a day and, if
 * asked, expire uploads. EventBridge notifications are on, so upload handlers
 * need no notification custom resource.
 */
export class UploadBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    const lifecycleRules: s3.LifecycleRule[] = [
      { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ];
    if (props.expireUploadsAfter !== undefined) {
      lifecycleRules.push({
        id: 'ExpireUploads',
        prefix: props.uploadPrefix || undefined,
        expiration: props.expireUploadsAfter,
      });
    }
    this.bucket = new SecureBucket(this, 'Resource', {
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'upload-bucket/',
      cors: props.cors.uploadBucketRules(),
      lifecycleRules,
      eventBridgeEnabled: true,
      transferAcceleration: props.transferAcceleration,
      unversionedReason: 'Every upload gets a fresh UUID key, and the bucket policy refuses any write under the upload prefix '
        + 'without If-None-Match: * (S3 conditional writes), so a stored upload is never replaced; '
        + 'versioning would only keep expired uploads as noncurrent versions.',
    });
    // Write-once keys: S3 refuses (403) any PutObject or CompleteMultipartUpload
    // under the prefix that does not carry If-None-Match, whoever signs it, and
    // answers 412 to one that does when the key exists. A presigned URL can so
    // store bytes once; a replay, or a POST Object upload (which cannot carry
    // the header), is refused.
    // With multipart uploads, s3:ObjectCreationOperation = false exempts the
    // start and the parts, which cannot carry the header (AWS's documented
    // pattern); the completion, which stores the object, still needs it.
    // BoolIfExists makes the Deny apply where S3 sets no such key, so the
    // exemption is the only way out: a Deny with plain Bool would not match a
    // request without the key, and so would fail open.
    const conditions: Record<string, Record<string, string>> = { Null: { 's3:if-none-match': 'true' } };
    if (props.multipart) {
      conditions.BoolIfExists = { 's3:ObjectCreationOperation': 'true' };
    }
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyUploadsThatMayOverwrite',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`${props.uploadPrefix}*`)],
      conditions,
    }));
  }
}
