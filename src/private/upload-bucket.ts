import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResolvedConfig } from './resolve-config';
import { SecureBucket } from './secure-bucket';
import type { UploadCors } from './upload-cors';

/** Props of {@link UploadBucket}. */
export interface UploadBucketProps {
  readonly config: ResolvedConfig;
  readonly cors: UploadCors;
  readonly encryptionKey?: IKey;
}

/**
 * The bucket browsers POST into: the secure baseline, the exact CORS rule of
 * the presigned-POST flow, and lifecycle rules that abort incomplete multipart
 * uploads after a day and, if asked, expire uploads. EventBridge notifications
 * are on, so upload handlers need no notification custom resource.
 */
export class UploadBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    const { config } = props;
    const lifecycleRules: s3.LifecycleRule[] = [
      { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ];
    if (config.expireUploadsAfter !== undefined) {
      lifecycleRules.push({
        id: 'ExpireUploads',
        prefix: config.uploadPrefix || undefined,
        expiration: config.expireUploadsAfter,
      });
    }
    this.bucket = new SecureBucket(this, 'Resource', {
      encryptionKey: props.encryptionKey,
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.autoDeleteObjects,
      serverAccessLogsBucket: config.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'upload-bucket/',
      cors: props.cors.uploadBucketRules(),
      lifecycleRules,
      eventBridgeEnabled: true,
      unversionedReason: 'Every upload gets a fresh UUID key that its POST policy pins, so no object is ever overwritten; '
        + 'versioning would only keep expired uploads as noncurrent versions.',
    });
  }
}
