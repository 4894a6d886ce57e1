// Shared: the presign handler signs these request headers and the construct's
// upload-bucket CORS rule allows exactly them.

/** Headers every presigned upload carries (Content-Length is signed as well, but set by the browser). */
export const UPLOAD_SIGNED_HEADERS = ['content-type', 'if-none-match'] as const;

/** Headers added when the upload bucket encrypts with a KMS key. */
export const UPLOAD_KMS_HEADERS = ['x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id'] as const;

/**
 * Headers a completion of a multipart upload carries besides `if-none-match`:
 * the total size, which S3 checks against the parts (`MpuObjectSize`).
 */
export const MULTIPART_SIGNED_HEADERS = ['x-amz-mp-object-size'] as const;
