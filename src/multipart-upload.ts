import type { Size } from 'aws-cdk-lib';
import { MULTIPART_DEFAULTS } from './private/defaults';

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

  /**
   * The length of every part but the last, from 5 MiB to 5 GiB. Uppy 6 sends
   * the parts of one file one after another, and each part costs a CORS
   * preflight and a request round trip, so small parts leave a slow-to-answer
   * link idle; large parts re-send more after a failure and move the
   * progress bar's resume points further apart. A file too large for 10,000
   * parts of this size gets parts of its size over 10,000. Give your uploader
   * the same value (Uppy's `getChunkSize`; the README's glue takes it).
   *
   * @default Size.mebibytes(64)
   */
  readonly partSize?: Size;
}

/**
 * Whether large files may be uploaded in parts (S3 multipart upload, up to
 * S3's largest object, 10,000 parts of 5 GiB), signed step by step by the
 * presign endpoint. Pick one of the static factories.
 */
export class MultipartUpload {
  /** The threshold when none is given, Uppy's default. */
  public static readonly DEFAULT_THRESHOLD: Size = MULTIPART_DEFAULTS.threshold;

  /** The part size when none is given. */
  public static readonly DEFAULT_PART_SIZE: Size = MULTIPART_DEFAULTS.partSize;

  /**
   * Multipart uploads for files above a threshold: the endpoint signs
   * CreateMultipartUpload (with a full-object CRC64NVME checksum),
   * UploadPart (each part's exact length and checksum), ListParts,
   * CompleteMultipartUpload (the total size and the file's checksum, and
   * never over an existing object) and AbortMultipartUpload.
   *
   * @param options the threshold and part size.
   */
  public static enabled(options: MultipartUploadOptions = {}): MultipartUpload {
    return new MultipartUpload(true, options.threshold ?? MultipartUpload.DEFAULT_THRESHOLD,
      options.partSize ?? MultipartUpload.DEFAULT_PART_SIZE);
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
    /** The length of every part but the last (when enabled). */
    public readonly partSize?: Size,
  ) {}
}
