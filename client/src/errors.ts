/**
 * Why an upload failed, past its retries: `code` is the presign endpoint's
 * refusal code (docs/errors.md, for example `FILE_TOO_LARGE` or
 * `RATE_LIMITED`), S3's error code (for example `AccessDenied`), or one of
 * the client's own: `ABORTED`, `NETWORK_ERROR`, `BAD_ANSWER`, `INVALID_OPTION`,
 * `FILE_UNREADABLE` (the browser could not read the file), `UPLOAD_FAILED`
 * (the Uppy and React adapters, for an error that is no UploadError).
 */
export class UploadError extends Error {
  /** A stable code to branch on. */
  public readonly code: string;
  /** The HTTP status of the last answer, or 0 when there was none (network error, abort). */
  public readonly status: number;

  constructor(code: string, message: string, status = 0, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UploadError';
    this.code = code;
    this.status = status;
  }
}

/** The error an aborted upload rejects with, from its signal's reason where that says more. */
export function abortError(signal: AbortSignal): UploadError {
  return new UploadError('ABORTED', 'The upload was aborted.', 0, { cause: signal.reason });
}
