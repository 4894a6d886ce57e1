/**
 * Stable, machine-readable codes of every refusal the presign endpoint gives (4xx, and 503 `QUOTA_UNAVAILABLE`).
 * Clients may branch on these; renaming one is a breaking change.
 */
export type ErrorCode =
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'EMPTY_BODY'
  | 'BODY_TOO_LARGE'
  | 'MALFORMED_JSON'
  | 'INVALID_BODY'
  | 'UNKNOWN_FIELD'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD_TYPE'
  | 'INVALID_FILENAME'
  | 'FILENAME_TOO_LONG'
  | 'INVALID_CONTENT_TYPE'
  | 'CONTENT_TYPE_NOT_ALLOWED'
  | 'INVALID_SIZE'
  | 'FILE_TOO_LARGE'
  | 'MISSING_CALLER'
  | 'INVALID_CALLER'
  | 'CALLER_TOO_LONG'
  | 'FEDERATED_USER'
  | 'INVALID_OPERATION'
  | 'MULTIPART_REQUIRED'
  | 'MULTIPART_DISABLED'
  | 'MULTIPART_BELOW_THRESHOLD'
  | 'INVALID_KEY'
  | 'KEY_NOT_YOURS'
  | 'INVALID_UPLOAD_ID'
  | 'SIZE_MISMATCH'
  | 'INVALID_PART_NUMBER'
  | 'PART_NUMBER_OUT_OF_RANGE'
  | 'TOO_MANY_PARTS'
  | 'MISSING_CHECKSUM'
  | 'INVALID_CHECKSUM'
  | 'RATE_LIMITED'
  | 'UPLOAD_QUOTA_EXCEEDED'
  | 'BYTE_QUOTA_EXCEEDED'
  | 'DAILY_BUDGET_EXCEEDED'
  | 'QUOTA_UNAVAILABLE';

/** What some refusals carry besides a status, a code and a message. */
export interface RequestErrorOptions {
  /** When to ask again, in seconds: sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  /** What went wrong underneath, for the log (never sent). */
  readonly cause?: unknown;
}

/**
 * A refusal: the request is answered with `status` (a 4xx, or 503 when the
 * quota counters can't answer) and nothing is signed.
 */
export class RequestError extends Error {
  /** When to ask again, in seconds (`Retry-After`). */
  public readonly retryAfterSeconds?: number;

  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    options: RequestErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RequestError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
