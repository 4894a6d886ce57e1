import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from './resolve-config';
import { createSecureBucket } from './secure-bucket';
import type { UploadCors } from './upload-cors';

/**
 * The bucket browsers POST into: the secure baseline, the exact CORS rule of
 * the presigned-POST flow, and lifecycle rules that abort incomplete multipart
 * uploads after a day and, if asked, expire uploads. EventBridge notifications
 * are on, so upload handlers need no notification custom resource.
 */
export function createUploadBucket(scope: Construct, id: string, config: ResolvedConfig, cors: UploadCors, encryptionKey?: IKey): s3.Bucket {
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
  return createSecureBucket(scope, id, {
    encryptionKey,
    removalPolicy: config.removalPolicy,
    autoDeleteObjects: config.autoDeleteObjects,
    serverAccessLogsBucket: config.serverAccessLogsBucket,
    serverAccessLogsPrefix: 'upload-bucket/',
    cors: cors.uploadBucketRules(),
    lifecycleRules,
    eventBridgeEnabled: true,
    unversionedReason: 'Every upload gets a fresh UUID key that its POST policy pins, so no object is ever overwritten; '
      + 'versioning would only keep expired uploads as noncurrent versions.',
  });
}
