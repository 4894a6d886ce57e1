import type * as events from 'aws-cdk-lib/aws-events';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** GuardDuty's scan result values (the `GuardDutyMalwareScanStatus` tag and `detail.scanResultDetails.scanResultStatus`). */
export const ScanResult = {
  CLEAN: 'NO_THREATS_FOUND',
  INFECTED: 'THREATS_FOUND',
} as const;
export type ScanResultStatus = typeof ScanResult[keyof typeof ScanResult];

/** The object tag GuardDuty writes with the scan result. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';

/** How an EventBridge pattern matches keys under `uploadPrefix`, optionally ending with `suffix`; undefined: every key. */
function keyMatcher(uploadPrefix: string, suffix: string | undefined): unknown[] | undefined {
  if (suffix !== undefined) return [{ wildcard: `${uploadPrefix}*${suffix}` }];
  if (uploadPrefix !== '') return [{ prefix: uploadPrefix }];
  return undefined;
}

/** S3's "Object Created" events of `bucket` under the prefix (the bucket's EventBridge notifications). */
export function objectCreatedPattern(bucket: s3.IBucket, uploadPrefix: string, suffix?: string): events.EventPattern {
  const key = keyMatcher(uploadPrefix, suffix);
  return {
    source: ['aws.s3'],
    detailType: ['Object Created'],
    detail: { bucket: { name: [bucket.bucketName] }, ...(key ? { object: { key } } : {}) },
  };
}

/**
 * GuardDuty Malware Protection for S3's completed scans of objects of
 * `bucket` under the prefix with result `status`. The object's key is
 * `detail.s3ObjectDetails.objectKey`.
 */
export function scanResultPattern(bucket: s3.IBucket, uploadPrefix: string, status: ScanResultStatus, suffix?: string): events.EventPattern {
  const objectKey = keyMatcher(uploadPrefix, suffix);
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Malware Protection Object Scan Result'],
    detail: {
      scanStatus: ['COMPLETED'],
      resourceType: ['S3_OBJECT'],
      s3ObjectDetails: { bucketName: [bucket.bucketName], ...(objectKey ? { objectKey } : {}) },
      scanResultDetails: { scanResultStatus: [status] },
    },
  };
}
