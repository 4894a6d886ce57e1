// Shared: both the construct (synth-time validation) and the presign handler use this file.

const MiB = 1024 * 1024;

/** Largest object a single presigned upload may carry (S3's limit for PutObject and POST Object). */
export const MAX_SINGLE_UPLOAD_BYTES = 5 * 1024 * MiB;

/** Smallest part of a multipart upload, the last part excepted. */
export const MIN_PART_BYTES = 5 * MiB;

/** Largest part of a multipart upload. */
export const MAX_PART_BYTES = 5 * 1024 * MiB;

/** Most parts a multipart upload may have. */
export const MAX_PARTS = 10_000;

/**
 * Largest object S3 stores, and so the largest multipart upload: 10,000 parts
 * of 5 GiB, 53,687,091,200,000 bytes (about 48.8 TiB, "50 TB" in AWS's words
 * since December 2025; 5 TiB before).
 */
export const MAX_OBJECT_BYTES = MAX_PARTS * MAX_PART_BYTES;

/** Longest lifetime SigV4 allows for a presigned request. */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

/** Longest S3 object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
