// Shared: the presign handler signs these request headers and the construct's
// upload-bucket CORS rules allow exactly them.

/**
 * Fixed values every new upload (a single PUT, or a multipart upload's start)
 * signs, so that an uploader can't choose how S3 later serves the object:
 * S3 stores these standard headers with the object without a signature.
 * Content-Language and Expires are stored too but can't be pinned usefully;
 * nothing should trust them.
 */
export const UPLOAD_PINNED_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-disposition': 'attachment',
  'content-encoding': 'identity',
};

/**
 * The user metadata that records who uploaded, where keys are per caller:
 * signed, so only the caller's own identity can be stored, and readable by
 * whoever may read the upload (HeadObject), not by those who only see keys.
 */
export const UPLOAD_CALLER_HEADER = 'x-amz-meta-uploaded-by';

/** Headers added when the upload bucket encrypts with a KMS key. */
export const UPLOAD_KMS_HEADERS = ['x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id'] as const;

/**
 * Headers a completion of a multipart upload carries besides `if-none-match`:
 * the total size, which S3 checks against the parts (`MpuObjectSize`).
 */
export const MULTIPART_SIGNED_HEADERS = ['x-amz-mp-object-size'] as const;

/**
 * The checksum every write carries: CRC64NVME, S3's default, the one
 * algorithm of S3's five that is always a full-object checksum, also for
 * multipart uploads (S3 combines the parts' CRCs and compares the result with
 * the completion's value). Its value is 8 bytes, base64.
 */
export const UPLOAD_CHECKSUM_ALGORITHM = 'CRC64NVME';

/** The header of a write's own CRC64NVME: each single PUT, each part and each completion signs it. */
export const UPLOAD_CHECKSUM_HEADER = 'x-amz-checksum-crc64nvme';

/**
 * What a multipart upload's start signs: the checksum algorithm and its
 * full-object type, which every part and the completion then carry.
 */
export const MULTIPART_CHECKSUM_HEADERS: Readonly<Record<string, string>> = {
  'x-amz-checksum-algorithm': UPLOAD_CHECKSUM_ALGORITHM,
  'x-amz-checksum-type': 'FULL_OBJECT',
};
