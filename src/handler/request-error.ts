/**
 * Stable, machine-readable codes of every 4xx answer the presign endpoint gives.
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
  | 'INVALID_OPERATION'
  | 'MULTIPART_REQUIRED'
  | 'MULTIPART_DISABLED'
  | 'MULTIPART_BELOW_THRESHOLD'
  | 'INVALID_KEY'
  | 'KEY_NOT_YOURS'
  | 'INVALID_UPLOAD_ID'
  | 'INVALID_PART_NUMBER'
  | 'PART_NUMBER_OUT_OF_RANGE';

/** A client error: the request is refused with `status` and nothing is signed. */
export class RequestError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
