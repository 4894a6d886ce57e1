import { RequestError } from './request-error';

/** Largest request body accepted, in bytes. A valid request is far smaller. */
export const MAX_BODY_BYTES = 4096;

const FIELDS = new Set(['filename', 'contentType', 'size']);

/** What a client asks for: `POST /uploads` with this JSON body. */
export interface UploadRequest {
  /** Base name of the file being uploaded. */
  readonly filename: string;
  /** Media type the file will be uploaded with. */
  readonly contentType: string;
  /** Exact size of the file in bytes (`File.size` in a browser). */
  readonly size: number;
}

/** The HTTP parts of the request that the parser looks at. */
export interface RawRequest {
  /** Value of the Content-Type request header, if any. */
  readonly contentTypeHeader?: string;
  /** Request body as API Gateway delivers it. */
  readonly body?: string;
  /** Whether API Gateway base64-encoded the body. */
  readonly isBase64Encoded?: boolean;
}

/**
 * Parses and shape-checks the body of a presign request: a JSON object with
 * exactly the known fields, each of the right type. Anything else, notably an
 * attempt to choose `key`, `bucket` or `acl`, is refused.
 */
export function parseUploadRequest(raw: RawRequest): UploadRequest {
  const mediaType = raw.contentTypeHeader?.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new RequestError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON with "Content-Type: application/json".');
  }
  const text = raw.isBase64Encoded ? Buffer.from(raw.body ?? '', 'base64').toString('utf8') : raw.body ?? '';
  if (text.trim().length === 0) {
    throw new RequestError(400, 'EMPTY_BODY', 'The request body is empty; send {"filename", "contentType", "size"}.');
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new RequestError(413, 'BODY_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RequestError(400, 'INVALID_BODY', 'The request body must be a JSON object.');
  }
  const body = parsed as Record<string, unknown>;
  for (const field of Object.keys(body)) {
    if (!FIELDS.has(field)) {
      throw new RequestError(400, 'UNKNOWN_FIELD', `Field "${field.slice(0, 64)}" is not accepted; the server chooses the key, bucket and access control.`);
    }
  }
  const filename = requireString(body, 'filename');
  const contentType = requireString(body, 'contentType');
  const size = body.size;
  if (size === undefined || size === null) {
    throw new RequestError(400, 'MISSING_FIELD', 'Field "size" is required: the exact size of the file in bytes (File.size).');
  }
  if (typeof size !== 'number') {
    throw new RequestError(400, 'INVALID_FIELD_TYPE', 'Field "size" must be a number of bytes.');
  }
  return { filename, contentType, size };
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) {
    throw new RequestError(400, 'MISSING_FIELD', `Field "${field}" is required.`);
  }
  if (typeof value !== 'string') {
    throw new RequestError(400, 'INVALID_FIELD_TYPE', `Field "${field}" must be a string.`);
  }
  return value;
}

/**
 * Returns the exact size the upload must have, which the presigned PUT signs
 * as its Content-Length. Refuses sizes that are not positive integers or
 * exceed the maximum.
 */
export function resolveSize(size: number, maxBytes: number): number {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RequestError(400, 'INVALID_SIZE', 'Field "size" must be a positive whole number of bytes.');
  }
  if (size > maxBytes) {
    throw new RequestError(413, 'FILE_TOO_LARGE', `The file is ${size} bytes; this endpoint accepts at most ${maxBytes}.`);
  }
  return size;
}
