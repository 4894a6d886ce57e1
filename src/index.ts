export * from './presigned-upload-bucket';
export * from './presigned-upload-bucket-props';
export * from './presign-auth';
export * from './upload-encryption';
export * from './malware-protection';
export * from './multipart-upload';
export * from './upload-quotas';
export { RefusalCode } from './shared/refusal-code';
