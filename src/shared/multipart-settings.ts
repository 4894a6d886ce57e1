// Shared: the construct resolves these from MultipartUpload and writes them
// into the presign function's environment; the handler reads them back.

/** Multipart uploads, when on, in bytes. */
export interface MultipartSettings {
  /** Files larger than this may be uploaded in parts. */
  readonly threshold: number;
  /** The length of every part but the last, unless 10,000 such parts are too few. */
  readonly partSize: number;
}
