import type { IKey } from 'aws-cdk-lib/aws-kms';

/** Server-side encryption of the upload and results buckets. */
export enum UploadEncryptionType {
  /** SSE-S3: keys managed by S3 (AES-256). */
  S3_MANAGED = 'S3_MANAGED',
  /** SSE-KMS with a customer managed key. */
  KMS = 'KMS',
}

/** Server-side encryption of both buckets. Pick one of the static factories. */
export class UploadEncryption {
  /** SSE-S3. The default. */
  public static s3Managed(): UploadEncryption {
    return new UploadEncryption(UploadEncryptionType.S3_MANAGED);
  }

  /**
   * SSE-KMS with a customer managed key, with S3 Bucket Keys enabled.
   * Presigned uploads then sign `x-amz-server-side-encryption: aws:kms` and the
   * key id, and CloudFront is allowed to decrypt results.
   *
   * @param key the key to use; omit it to have the construct create one with rotation on.
   */
  public static kms(key?: IKey): UploadEncryption {
    return new UploadEncryption(UploadEncryptionType.KMS, key);
  }

  private constructor(
    /** The kind of encryption. */
    public readonly encryptionType: UploadEncryptionType,
    /** The KMS key given to `kms(key)`, if any. */
    public readonly key?: IKey,
  ) {}
}
