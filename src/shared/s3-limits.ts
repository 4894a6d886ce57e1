// Shared: both the construct (synth-time validation) and the presign handler use this file.

/** Largest object a single presigned upload may carry (S3's limit for PutObject and POST Object). */
export const MAX_SINGLE_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024;

/** Longest lifetime SigV4 allows for a presigned request. */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

/** Longest S3 object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
