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
  /** Largest accepted upload, in bytes (decimal integer). */
  MAX_BYTES: 'UPLOAD_MAX_BYTES',
  /** Lifetime of a presigned upload URL, in seconds (decimal integer). */
  EXPIRES_SECONDS: 'UPLOAD_EXPIRES_SECONDS',
  /** JSON array of allowed content types (`type/subtype` or `type/*`); unset means "any safe type". */
  ALLOWED_CONTENT_TYPES: 'UPLOAD_ALLOWED_CONTENT_TYPES',
  /** ARN of the KMS key the upload bucket encrypts with; unset for SSE-S3. */
  KMS_KEY_ARN: 'UPLOAD_KMS_KEY_ARN',
  /** `true` when the caller's JWT `sub` claim must be part of the key. */
  KEY_BY_SUBJECT: 'UPLOAD_KEY_BY_SUBJECT',
  /** DNS suffix of the partition, e.g. `amazonaws.com` or `amazonaws.com.cn` (CloudFormation's AWS::URLSuffix). */
  URL_SUFFIX: 'UPLOAD_URL_SUFFIX',
} as const;
