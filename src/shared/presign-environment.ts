// Shared: the construct writes these variables and the presign handler reads them.

/**
 * Names of the environment variables the construct sets on the presign function
 * and the handler reads at cold start. One list, shared by both sides.
 */
export const PresignEnv = {
  /** Name of the upload bucket. */
  BUCKET: 'UPLOAD_BUCKET',
  /** Key prefix every upload key starts with, e.g. `uploads/`. */
  KEY_PREFIX: 'UPLOAD_KEY_PREFIX',
  /** Largest accepted upload, in bytes (decimal integer, at most S3's largest object, about 48.8 TiB). */
  MAX_BYTES: 'UPLOAD_MAX_BYTES',
  /** Lifetime of a presigned upload URL, in seconds (decimal integer). */
  EXPIRES_SECONDS: 'UPLOAD_EXPIRES_SECONDS',
  /** JSON array of allowed content types (`type/subtype` or `type/*`); unset means "any safe type". */
  ALLOWED_CONTENT_TYPES: 'UPLOAD_ALLOWED_CONTENT_TYPES',
  /** ARN of the KMS key the upload bucket encrypts with; unset for SSE-S3. */
  KMS_KEY_ARN: 'UPLOAD_KMS_KEY_ARN',
  /**
   * Where the caller comes from, whose opaque segment is then part of every
   * key: `jwt` (the token's `sub` claim) or `iam` (the Cognito identity id,
   * else the IAM role's unique id for a role session, else the IAM user's
   * unique id); unset when callers are anonymous.
   */
  CALLER_SOURCE: 'UPLOAD_CALLER_SOURCE',
  /**
   * The secret that turns a caller into its key segment (a keyed hash), so
   * keys don't reveal who uploaded, and a caller into the name of its quota
   * counters. Set with `UPLOAD_CALLER_SOURCE` or `UPLOAD_QUOTA_TABLE`; the
   * construct resolves it from a Secrets Manager secret at deployment.
   */
  CALLER_KEY: 'UPLOAD_CALLER_KEY',
  /** Files larger than this many bytes may be uploaded in parts (decimal integer); unset turns multipart off. */
  MULTIPART_THRESHOLD: 'UPLOAD_MULTIPART_THRESHOLD',
  /**
   * The part size of multipart uploads, in bytes (decimal integer, 5 MiB to
   * 5 GiB); a file too large for 10,000 such parts gets parts of its size
   * over 10,000. Set with `UPLOAD_MULTIPART_THRESHOLD`.
   */
  MULTIPART_PART_SIZE: 'UPLOAD_MULTIPART_PART_SIZE',
  /** Name of the DynamoDB table of quota counters; unset when quotas are off. */
  QUOTA_TABLE: 'UPLOAD_QUOTA_TABLE',
  /**
   * The quotas, a JSON object of whole numbers: `requestsPerCaller` per
   * `requestWindowSeconds`, `uploadsPerCaller` and `bytesPerCaller` per
   * `usageWindowSeconds`, `bytesPerDay`, and `failOpen` (a boolean). Set with
   * `UPLOAD_QUOTA_TABLE`.
   */
  QUOTA_LIMITS: 'UPLOAD_QUOTA_LIMITS',
  /** DNS suffix of the partition, e.g. `amazonaws.com` or `amazonaws.com.cn` (CloudFormation's AWS::URLSuffix). */
  URL_SUFFIX: 'UPLOAD_URL_SUFFIX',
  /**
   * `true`: presigned URLs go to the bucket's S3 Transfer Acceleration
   * endpoint, `{bucket}.s3-accelerate.amazonaws.com`; unset: the regional one.
   */
  TRANSFER_ACCELERATION: 'UPLOAD_TRANSFER_ACCELERATION',
} as const;
