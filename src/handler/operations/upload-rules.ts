import type { MultipartSettings } from '../../shared/multipart-settings';
import type { ContentTypePolicy } from '../request/content-type';

/** What the operations check a request against and build its S3 request from: the function's upload rules (part of `PresignConfig`). */
export interface UploadRules {
  /** Where new keys start (`uploads/`). */
  readonly keyPrefix: string;
  /** The largest upload, in bytes. */
  readonly maxBytes: number;
  readonly contentTypes: ContentTypePolicy;
  /** The KMS key every new object is encrypted with, when it is a customer-managed one. */
  readonly kmsKeyArn?: string;
  /**
   * The secret of the size tag in every key id (see `makeKeyId`): the caller
   * key where there is one; otherwise (anonymous callers and no quotas, so
   * nothing counts bytes) a fixed, public value, which still holds one
   * upload to one size, as S3 binds the upload to its key.
   */
  readonly keyIdSecret: Buffer;
  /** How files are uploaded in parts; undefined when multipart is off. */
  readonly multipart?: MultipartSettings;
}
