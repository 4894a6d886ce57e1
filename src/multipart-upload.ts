import { Size } from 'aws-cdk-lib';

/** Options of {@link MultipartUpload.enabled}. */
export interface MultipartUploadOptions {
  /**
   * Files larger than this are uploaded in parts; smaller ones with one PUT.
   * From 5 MiB (S3's smallest part) to 5 GiB (the largest single PUT), and
   * below `maxUploadSize`. Give your uploader the same value (Uppy's
   * `shouldUseMultipart`); Uppy's own default is 100 MiB.
   *
   * @default Size.mebibytes(100)
   */
  readonly threshold?: Size;
}

/**
 * Whether large files may be uploaded in parts (S3 multipart upload, up to
 * S3's largest object, 10,000 parts of 5 GiB), signed step by step by the
 * presign endpoint. Pick one of the static factories.
 */
export class MultipartUpload {
  /** The threshold when none is given, Uppy's default. */
  public static readonly DEFAULT_THRESHOLD = Size.mebibytes(100);

  /**
   * Multipart uploads for files above a threshold: the endpoint signs
   * CreateMultipartUpload, UploadPart (each part's exact length),
   * ListParts, CompleteMultipartUpload (the total size, and never over an
   * existing object) and AbortMultipartUpload.
   *
   * @param options the threshold.
   */
  public static enabled(options: MultipartUploadOptions = {}): MultipartUpload {
    return new MultipartUpload(true, options.threshold ?? MultipartUpload.DEFAULT_THRESHOLD);
  }

  /**
   * No multipart uploads: every file is one PUT, so `maxUploadSize` is at
   * most 5 GiB, and the upload bucket's CORS rule allows PUT only.
   */
  public static disabled(): MultipartUpload {
    return new MultipartUpload(false);
  }

  private constructor(
    /** Whether the endpoint signs multipart uploads. */
    public readonly isEnabled: boolean,
    /** Files larger than this are uploaded in parts (when enabled). */
    public readonly threshold?: Size,
  ) {}
}
