// Shared: the presign handler refuses with these codes, and the construct's metricRefusals takes one.

/**
 * The stable code of each refusal the presign endpoint answers, in its JSON
 * body `{ "code", "message" }` and in its `Refusals` metric (see
 * docs/errors.md). Clients may branch on these; renaming one is a breaking
 * change.
 */
export enum RefusalCode {
  /** 405: the HTTP method is not `POST`. */
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  /** 415: request body not sent as `application/json`. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** 400: empty body. */
  EMPTY_BODY = 'EMPTY_BODY',
  /** 413: body over 10 KiB. */
  BODY_TOO_LARGE = 'BODY_TOO_LARGE',
  /** 400: body is not JSON. */
  MALFORMED_JSON = 'MALFORMED_JSON',
  /** 400: body is not a JSON object. */
  INVALID_BODY = 'INVALID_BODY',
  /**
   * 400: any other field, such as `acl` or `bucket`, `key` on a new upload, or a field the operation
   * does not take.
   */
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  /**
   * 400: a field the request's operation needs is missing (`filename`, `contentType` and `size` for
   * a new upload).
   */
  MISSING_FIELD = 'MISSING_FIELD',
  /**
   * 400: a single upload or a completion without `checksum`, or a request for part URLs without
   * `partChecksums` (or with none in it).
   */
  MISSING_CHECKSUM = 'MISSING_CHECKSUM',
  /**
   * 400: a `checksum` or one of `partChecksums` is not 8 bytes of canonical base64 (12 characters,
   * the last `=`); the message names which one.
   */
  INVALID_CHECKSUM = 'INVALID_CHECKSUM',
  /** 400: a field of the wrong JSON type. */
  INVALID_FIELD_TYPE = 'INVALID_FIELD_TYPE',
  /**
   * 400: empty; a control, format or bidi character (Unicode categories Cc, Cf, Zl, Zp, such as
   * U+202E, U+061C, U+200B or U+FEFF) or a lone surrogate; `/` or `\`; `.` or `..`.
   */
  INVALID_FILENAME = 'INVALID_FILENAME',
  /**
   * 400: the key made from the sanitized name would exceed S3's 1024 bytes (the message says how
   * many bytes the name may have).
   */
  FILENAME_TOO_LONG = 'FILENAME_TOO_LONG',
  /**
   * 400: not `type/subtype`, has parameters, whitespace, line breaks or non-ASCII characters, or is
   * over 255 characters.
   */
  INVALID_CONTENT_TYPE = 'INVALID_CONTENT_TYPE',
  /** 400: browser-executable, or not in `allowedContentTypes`. */
  CONTENT_TYPE_NOT_ALLOWED = 'CONTENT_TYPE_NOT_ALLOWED',
  /** 400: `size` is not a positive whole number. */
  INVALID_SIZE = 'INVALID_SIZE',
  /** 413: `size` over `maxUploadSize`. */
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  /**
   * 403: keys are per caller, but there is none: with JWT auth the token has no `sub`; with IAM auth
   * the request context has no Cognito identity id, no user ARN, a role session without its role's
   * unique id, an IAM user without its unique id, or a principal of another kind; with quotas, a
   * guest or a `PresignAuth.none()` call without a source IP.
   */
  MISSING_CALLER = 'MISSING_CALLER',
  /** 403: the caller (a JWT `sub`) is not well-formed Unicode (a lone surrogate). */
  INVALID_CALLER = 'INVALID_CALLER',
  /** 403: the caller, encoded for `x-amz-meta-uploaded-by`, is over 1,024 bytes. */
  CALLER_TOO_LONG = 'CALLER_TOO_LONG',
  /**
   * 403: IAM auth, and the request was signed by a federated user (`GetFederationToken`), whose name
   * the token's minter chooses: sign with a role session or a Cognito identity pool's credentials.
   */
  FEDERATED_USER = 'FEDERATED_USER',
  /** 400: the body's `method`, which names the S3 operation, is not `PUT`, `POST`, `GET` or `DELETE`. */
  INVALID_OPERATION = 'INVALID_OPERATION',
  /** 400: one PUT of more than 5 GiB: start a multipart upload. */
  MULTIPART_REQUIRED = 'MULTIPART_REQUIRED',
  /** 400: a multipart request, and `multipartUpload` is off. */
  MULTIPART_DISABLED = 'MULTIPART_DISABLED',
  /** 400: starting a multipart upload for a file of at most the threshold. */
  MULTIPART_BELOW_THRESHOLD = 'MULTIPART_BELOW_THRESHOLD',
  /** 400: a step's `key` is not of the form this endpoint issues. */
  INVALID_KEY = 'INVALID_KEY',
  /** 403: a step's `key` belongs to another caller. */
  KEY_NOT_YOURS = 'KEY_NOT_YOURS',
  /** 400: `uploadId` is empty, over 1024 characters, or has characters S3 upload ids never have. */
  INVALID_UPLOAD_ID = 'INVALID_UPLOAD_ID',
  /**
   * 400: a step's `size` is not the size its upload started with (the key's id carries it): a file
   * of another size is a new upload.
   */
  SIZE_MISMATCH = 'SIZE_MISMATCH',
  /** 400: `partNumber` is not a whole number from 1. */
  INVALID_PART_NUMBER = 'INVALID_PART_NUMBER',
  /**
   * 400: `partChecksums` describe parts beyond the last part of a file of the declared `size`:
   * nothing is signed, not even the parts that exist.
   */
  PART_NUMBER_OUT_OF_RANGE = 'PART_NUMBER_OUT_OF_RANGE',
  /** 400: more than 500 `partChecksums` in one call. */
  TOO_MANY_PARTS = 'TOO_MANY_PARTS',
  /**
   * 429: the caller (or, for a guest, the guests of its source IP) has made `requestsPerCaller`
   * presign calls in this `requestWindow` (with `Retry-After`).
   */
  RATE_LIMITED = 'RATE_LIMITED',
  /** 429: the caller has started `uploadsPerCaller` uploads in this `usageWindow` (with `Retry-After`). */
  UPLOAD_QUOTA_EXCEEDED = 'UPLOAD_QUOTA_EXCEEDED',
  /**
   * 429: this upload's `size` would take the caller past `bytesPerCaller` in this `usageWindow`
   * (with `Retry-After`); a smaller file may still fit.
   */
  BYTE_QUOTA_EXCEEDED = 'BYTE_QUOTA_EXCEEDED',
  /**
   * 429: this upload's `size` would take all callers together past `bytesPerDay` this UTC day (with
   * `Retry-After`).
   */
  DAILY_BUDGET_EXCEEDED = 'DAILY_BUDGET_EXCEEDED',
  /**
   * 503: quotas are on and their table did not answer within a second, or failed; nothing was signed
   * (`Retry-After: 1`).
   */
  QUOTA_UNAVAILABLE = 'QUOTA_UNAVAILABLE',
}
