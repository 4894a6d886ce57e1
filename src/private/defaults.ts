import { Duration, Size } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/*
 * Every default of the construct's props, in one place. Each is public as a
 * named static of the class whose props it fills (`PresignedUploadBucket.
 * DEFAULT_*`, `MultipartUpload.DEFAULT_*`, `UploadQuotas.DEFAULT_*`), the
 * validation applies them from here, and test/defaults.test.ts holds
 * docs/props.md to them.
 */

/** Defaults of `PresignedUploadBucketProps`. */
export const BUCKET_DEFAULTS = {
  maxUploadSize: Size.mebibytes(100),
  presignExpiry: Duration.minutes(15),
  uploadPrefix: 'uploads/',
  corsMaxAge: Duration.hours(1),
  /** `throttle.rateLimit`, requests per second. */
  throttleRateLimit: 50,
  /** `throttle.burstLimit`, requests. */
  throttleBurstLimit: 100,
  presignRuntime: Runtime.NODEJS_22_X,
  logRetention: RetentionDays.ONE_YEAR,
  priceClass: PriceClass.PRICE_CLASS_100,
} as const;

/** Defaults of `MultipartUploadOptions`. */
export const MULTIPART_DEFAULTS = {
  /** Uppy's own default threshold. */
  threshold: Size.mebibytes(100),
  partSize: Size.mebibytes(64),
} as const;

/** Defaults of `UploadQuotasOptions`. */
export const QUOTA_DEFAULTS = {
  requestsPerCaller: 600,
  uploadsPerCaller: 1000,
  /** `bytesPerCaller`, in uploads of `maxUploadSize`. */
  maxSizeUploadsPerCaller: 100,
  requestWindow: Duration.minutes(1),
  usageWindow: Duration.days(1),
} as const;
