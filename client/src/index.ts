/**
 * The browser side of cdk-presigned-upload: uploads straight to S3 through
 * a PresignedUploadBucket's presign endpoint, with no dependency.
 */
export { upload, DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD } from './upload.js';
export type { UploadOptions, UploadProgress, UploadResult } from './upload.js';
export { UploadError } from './errors.js';
export { Crc64Nvme, crc64nvme } from './crc64nvme.js';
export { memoryResumeStore, webStorageResumeStore, fingerprintOf } from './resume-store.js';
export type { ResumeStore, SavedUpload } from './resume-store.js';
export { fetchTransport, xhrTransport, defaultTransport } from './transport.js';
export type { S3Request, S3Response, S3Transport } from './transport.js';
export type { PresignFetch } from './presign.js';
export type { RetryPolicy } from './retry.js';
export type {
  PresignAnswer, PresignedPartUrl, PresignRefusal, PresignRequestBody, PutObjectBody, CreateMultipartUploadBody, UploadPartBody,
  ListPartsBody, CompleteMultipartUploadBody, AbortMultipartUploadBody,
} from '../../src/shared/presign-contract.js';
