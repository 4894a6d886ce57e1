import type { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import type { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { MalwareProtection } from './malware-protection';
import type { MultipartUpload } from './multipart-upload';
import type { PresignAuth } from './presign-auth';
import type { UploadEncryption } from './upload-encryption';
import type { UploadQuotas } from './upload-quotas';

/** A custom domain for the results distribution. */
export interface ResultsDomainOptions {
  /**
   * Alternate domain names (CNAMEs), e.g. `['files.example.com']`. At least
   * one; each a bare lower-case host name, `*` only as the whole first label.
   * The first one makes `resultsBaseUrl`.
   */
  readonly domainNames: string[];
  /** An ACM certificate in us-east-1 that covers every name in `domainNames`. */
  readonly certificate: ICertificate;
}

/** Properties of a {@link PresignedUploadBucket}. */
export interface PresignedUploadBucketProps {
  /**
   * Browser origins allowed to presign, upload and read results, e.g.
   * `['https://app.example.com', 'http://localhost:5173']`.
   *
   * This one list drives the upload bucket's CORS rules, the presign API's CORS
   * preflight and the CloudFront response-headers policy. Each entry is
   * `scheme://host[:port]` with no path, slash, query or fragment, written
   * exactly as browsers send it in the `Origin` header (lower case, no default
   * port, punycode host); `http` only for localhost, 127.0.0.1 and [::1]; at
   * most one leading `*.` wildcard (`https://*.example.com`). A bare `*` needs
   * `allowAnyOrigin: true`.
   */
  readonly allowedOrigins: string[];

  /**
   * Allow a bare `*` in `allowedOrigins`, meaning any web page may upload.
   * It must then be the only entry.
   *
   * @default false
   */
  readonly allowAnyOrigin?: boolean;

  /**
   * How callers of the presign endpoint authenticate.
   *
   * @default PresignAuth.iam()
   */
  readonly auth?: PresignAuth;

  /**
   * Largest file a browser may upload: at most S3's largest object with
   * multipart uploads, 53,687,091,200,000 bytes (10,000 parts of 5 GiB,
   * `Size.bytes(53_687_091_200_000)`), else 5 GiB (the largest single PUT).
   * With `malwareProtection`, at most 100,000,000,000 bytes, the largest
   * object GuardDuty Malware Protection for S3 scans.
   *
   * @default PresignedUploadBucket.DEFAULT_MAX_UPLOAD_SIZE (100 MiB)
   */
  readonly maxUploadSize?: Size;
  /**
   * Limits on what each caller, and all callers together, may upload: presign
   * calls per minute, uploads and bytes per day per caller, and the
   * endpoint's bytes per day, counted in a DynamoDB table. Off by default:
   * the right numbers depend on your users, and the table is a dependency
   * that refuses uploads (503) when it can't answer. Turn it on for any
   * endpoint strangers can reach.
   *
   * @default UploadQuotas.disabled()
   */
  readonly quotas?: UploadQuotas;

  /**
   * Whether files above a threshold may be uploaded in parts (S3 multipart
   * upload), signed step by step by the presign endpoint.
   *
   * @default - `MultipartUpload.enabled()` (above 100 MiB, Uppy's default) when
   * `maxUploadSize` is larger than 100 MiB; no multipart uploads otherwise
   */
  readonly multipartUpload?: MultipartUpload;

  /**
   * S3 Transfer Acceleration: browsers upload through the nearest CloudFront
   * edge location, `{bucket}.s3-accelerate.amazonaws.com`, instead of the
   * bucket's regional endpoint. Every presigned URL (single PUTs and each
   * multipart step) is for that endpoint, and the upload bucket's accelerate
   * configuration is enabled. It helps uploads from far away, costs extra per
   * GB (see S3's pricing), and can take up to 20 minutes after it is enabled
   * to speed transfers up. Needs a stack with a concrete region of the `aws`
   * partition: refused at synth otherwise, and in the Regions known to lack
   * it; a Region not known to offer it (one opened since 2020) synthesizes
   * with the warning `cdk-presigned-upload:transferAccelerationRegionUnverified`.
   *
   * @default false
   */
  readonly transferAcceleration?: boolean;

  /**
   * How long a presigned upload URL stays valid. At most 7 days; note that it also
   * stops working when the presign function's temporary credentials expire.
   *
   * @default PresignedUploadBucket.DEFAULT_PRESIGN_EXPIRY (15 minutes)
   */
  readonly presignExpiry?: Duration;

  /**
   * Content types the endpoint signs for: exact types (`image/png`) or type
   * wildcards (`image/*`). A wildcard never admits a browser-executable type
   * (HTML, SVG, XML, JavaScript); list such a type exactly to allow it.
   *
   * @default - any well-formed type except browser-executable ones
   */
  readonly allowedContentTypes?: string[];

  /**
   * Key prefix of every upload; empty, or ending in `/`.
   *
   * @default PresignedUploadBucket.DEFAULT_UPLOAD_PREFIX ('uploads/')
   */
  readonly uploadPrefix?: string;

  /**
   * Delete uploads this long after they were created (whole days).
   * Incomplete multipart uploads are always aborted after one day.
   *
   * @default - uploads are kept
   */
  readonly expireUploadsAfter?: Duration;

  /**
   * Malware scanning of every upload. With it, `addUploadHandler` handlers
   * get only uploads found clean (from the scanner's result event, not from
   * "Object Created"), `addThreatHandler` handlers get uploads found
   * infected, and the upload bucket's policy lets nothing read an upload
   * until it has been found clean. Needs a non-empty `uploadPrefix`.
   *
   * @default - no scanning
   */
  readonly malwareProtection?: MalwareProtection;

  /**
   * Server-side encryption of both buckets.
   *
   * @default UploadEncryption.s3Managed()
   */
  readonly encryption?: UploadEncryption;

  /**
   * What happens to the buckets (and a KMS key the construct creates) when
   * they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Empty the buckets before deleting them. Requires
   * `removalPolicy: RemovalPolicy.DESTROY`.
   *
   * @default false
   */
  readonly autoDeleteObjects?: boolean;

  /**
   * How long browsers may cache CORS preflight answers (0 to 24 hours).
   *
   * @default PresignedUploadBucket.DEFAULT_CORS_MAX_AGE (1 hour)
   */
  readonly corsMaxAge?: Duration;

  /**
   * The presign API's stage throttle, shared by every caller: `rateLimit`,
   * steady requests per second (a positive number), and `burstLimit`, the
   * burst above it (a positive whole number). A field left out takes its
   * default. For limits per caller, see `quotas`.
   *
   * @default PresignedUploadBucket.DEFAULT_THROTTLE_RATE_LIMIT (50) and PresignedUploadBucket.DEFAULT_THROTTLE_BURST_LIMIT (100)
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Reserved concurrency of the presign function.
   *
   * @default - unreserved
   */
  readonly presignReservedConcurrency?: number;

  /**
   * Node.js runtime of the presign function: `lambda.Runtime.NODEJS_22_X` or
   * a newer Node.js runtime your aws-cdk-lib knows, such as
   * `lambda.Runtime.NODEJS_24_X`. The bundled handler is built for Node.js 22
   * and uses only Node.js built-ins, so it runs on any later version.
   *
   * @default PresignedUploadBucket.DEFAULT_PRESIGN_RUNTIME (Runtime.NODEJS_22_X)
   */
  readonly presignRuntime?: Runtime;

  /**
   * Retention of the presign function's logs and the API's access logs.
   *
   * @default PresignedUploadBucket.DEFAULT_LOG_RETENTION (RetentionDays.ONE_YEAR)
   */
  readonly logRetention?: RetentionDays;

  /**
   * Serve results from your own domain.
   *
   * @default - the distribution's cloudfront.net domain
   */
  readonly resultsDomain?: ResultsDomainOptions;

  /**
   * Price class of the results distribution.
   *
   * @default PresignedUploadBucket.DEFAULT_PRICE_CLASS (PriceClass.PRICE_CLASS_100)
   */
  readonly priceClass?: PriceClass;

  /**
   * Bucket for CloudFront standard access logs of the results distribution.
   * It must have ACLs enabled (object ownership not BUCKET_OWNER_ENFORCED).
   *
   * @default - no CloudFront access logs
   */
  readonly distributionLogBucket?: IBucket;

  /**
   * Bucket for S3 server access logs of both buckets (prefixes `upload-bucket/`
   * and `results-bucket/`).
   *
   * @default - no S3 server access logs
   */
  readonly serverAccessLogsBucket?: IBucket;
}
