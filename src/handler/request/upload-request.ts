import { RequestError, type ErrorCode } from '../request-error';
import { resolveChecksum, resolvePartChecksums } from './upload-checksum';
import { describeBytes } from '../../shared/human-units';

/** Largest request body accepted, in bytes: room for 500 part checksums (about 7,500 bytes) and the rest. */
export const MAX_BODY_BYTES = 10_240;

/** Every field a request may have; which ones depends on the operation. */
const FIELDS = new Set(['method', 'key', 'uploadId', 'partNumber', 'partChecksums', 'filename', 'contentType', 'size', 'checksum']);

/** What every new upload declares: the file's base name, media type and exact size (`File.size` in a browser). */
interface FileDeclaration {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** A new upload as one presigned PUT. */
export interface PutObjectRequest extends FileDeclaration {
  readonly operation: 'putObject';
  /** The file's CRC64NVME, base64, checked. */
  readonly checksum: string;
}

/** A new upload in parts: the start of a multipart upload. */
export interface CreateMultipartUploadRequest extends FileDeclaration {
  readonly operation: 'createMultipartUpload';
}

/** A new upload, one PUT or in parts: the server makes its key. */
export type NewUploadRequest = PutObjectRequest | CreateMultipartUploadRequest;

/** What every step of a multipart upload names: the key the server issued and S3's upload id. */
interface UploadReference {
  readonly key: string;
  readonly uploadId: string;
}

/** Part URLs, one for each checksum, from `partNumber` on. */
export interface UploadPartRequest extends UploadReference {
  readonly operation: 'uploadPart';
  /** The file's size as declared when the upload started. */
  readonly size: number;
  readonly partNumber: number;
  /** The CRC64NVME of part `partNumber` and of each next part a URL is asked for, checked. */
  readonly partChecksums: readonly string[];
}

/** The parts S3 holds, to resume. */
export interface ListPartsRequest extends UploadReference {
  readonly operation: 'listParts';
  /** The file's size, which the glue sends with every step: checked like any size, not signed. */
  readonly size?: number;
}

/** The completion, which stores the object. */
export interface CompleteMultipartUploadRequest extends UploadReference {
  readonly operation: 'completeMultipartUpload';
  /** The file's size as declared when the upload started. */
  readonly size: number;
  /** The whole file's CRC64NVME, base64, checked: S3 compares it with the one it combines from the parts. */
  readonly checksum: string;
}

/** The abort, which drops the parts. */
export interface AbortMultipartUploadRequest extends UploadReference {
  readonly operation: 'abortMultipartUpload';
  /** The file's size, which the glue sends with every step: checked like any size, not signed. */
  readonly size?: number;
}

/** A step of a multipart upload that the server started. */
export type MultipartStepRequest = UploadPartRequest | ListPartsRequest | CompleteMultipartUploadRequest | AbortMultipartUploadRequest;

/**
 * What a client asks for: `POST /uploads` with a JSON body in the shape of
 * Uppy 6's `signRequest` argument (`method`, `key`, `uploadId`,
 * `partNumber`) plus what the server needs (`filename`, `contentType`,
 * `size`), as one exact type per operation.
 */
export type UploadRequest = NewUploadRequest | MultipartStepRequest;

type Operation = UploadRequest['operation'];

/** The S3 operation a `method` asks for, with and without an upload id. */
const OPERATIONS: Record<string, readonly [Operation, Operation | undefined]> = {
  PUT: ['uploadPart', 'putObject'],
  POST: ['completeMultipartUpload', 'createMultipartUpload'],
  GET: ['listParts', undefined],
  DELETE: ['abortMultipartUpload', undefined],
};

/**
 * Fields each operation accepts, and which of them it requires (`uploadId` is
 * there whenever the operation is a step). List and abort take the `size`
 * the glue sends along with every step, without needing it.
 */
const OPERATION_FIELDS: Record<Operation, { readonly accepted: readonly string[]; readonly required: readonly string[] }> = {
  putObject: { accepted: ['method', 'filename', 'contentType', 'size', 'checksum'], required: ['filename', 'contentType', 'size', 'checksum'] },
  createMultipartUpload: { accepted: ['method', 'filename', 'contentType', 'size'], required: ['filename', 'contentType', 'size'] },
  uploadPart: { accepted: ['method', 'key', 'uploadId', 'partNumber', 'partChecksums', 'size'], required: ['key', 'partNumber', 'partChecksums', 'size'] },
  listParts: { accepted: ['method', 'key', 'uploadId', 'size'], required: ['key'] },
  completeMultipartUpload: { accepted: ['method', 'key', 'uploadId', 'size', 'checksum'], required: ['key', 'size', 'checksum'] },
  abortMultipartUpload: { accepted: ['method', 'key', 'uploadId', 'size'], required: ['key'] },
};

/** The type of each field that is not a string. */
const FIELD_TYPES: Readonly<Record<string, 'number' | 'array'>> = { partNumber: 'number', size: 'number', partChecksums: 'array' };

/** What a missing required field's message says, where more than its name helps. */
const MISSING_FIELD_HINTS: Readonly<Record<string, { readonly code: ErrorCode; readonly message: string }>> = {
  size: { code: 'MISSING_FIELD', message: 'Field "size" is required: the exact size of the file in bytes (File.size).' },
  checksum: { code: 'MISSING_CHECKSUM', message: 'Field "checksum" is required: the CRC64NVME of the whole file, base64, which S3 checks the bytes against.' },
  partChecksums: { code: 'MISSING_CHECKSUM', message: 'Field "partChecksums" is required: the CRC64NVME of each part to sign, from "partNumber" on.' },
};

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
 * exactly the fields its operation takes, each of the right type. The
 * operation follows from `method` (default `PUT`) and whether `uploadId` is
 * there. Anything else, notably an attempt to choose `key` for a new upload,
 * `bucket` or `acl`, is refused.
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
    throw new RequestError(413, 'BODY_TOO_LARGE', `The request body is larger than ${describeBytes(MAX_BODY_BYTES)}.`);
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
  const operation = operationOf(body);
  const { accepted, required } = OPERATION_FIELDS[operation];
  for (const field of Object.keys(body)) {
    if (!accepted.includes(field)) {
      throw new RequestError(400, 'UNKNOWN_FIELD', field === 'key'
        ? 'Field "key" is not accepted when an upload starts; the server chooses the key, bucket and access control.'
        : `Field "${field}" is not accepted in a ${operation} request; it takes ${accepted.map((f) => `"${f}"`).join(', ')}.`);
    }
  }
  for (const field of accepted) {
    const value = body[field];
    if (value === undefined || value === null) {
      if (!required.includes(field)) continue;
      const hint: { code: ErrorCode; message: string } = MISSING_FIELD_HINTS[field]
        ?? { code: 'MISSING_FIELD', message: `Field "${field}" is required in a ${operation} request.` };
      throw new RequestError(400, hint.code, hint.message);
    }
    const expected = FIELD_TYPES[field] ?? 'string';
    if (expected === 'array' ? !Array.isArray(value) : typeof value !== expected) {
      throw new RequestError(400, 'INVALID_FIELD_TYPE', `Field "${field}" must be ${expected === 'array' ? 'an array' : `a ${expected}`}.`);
    }
  }
  // Every field read below was checked above: present where required, of its type.
  const textOf = (field: string) => body[field] as string;
  const numberOf = (field: string) => body[field] as number;
  switch (operation) {
    case 'putObject':
      return {
        operation,
        filename: textOf('filename'),
        contentType: textOf('contentType'),
        size: numberOf('size'),
        checksum: resolveChecksum(textOf('checksum'), 'Field "checksum"'),
      };
    case 'createMultipartUpload':
      return { operation, filename: textOf('filename'), contentType: textOf('contentType'), size: numberOf('size') };
    case 'uploadPart':
      return {
        operation,
        key: textOf('key'),
        uploadId: textOf('uploadId'),
        size: numberOf('size'),
        partNumber: numberOf('partNumber'),
        partChecksums: resolvePartChecksums(body.partChecksums as unknown[]),
      };
    case 'completeMultipartUpload':
      return {
        operation,
        key: textOf('key'),
        uploadId: textOf('uploadId'),
        size: numberOf('size'),
        checksum: resolveChecksum(textOf('checksum'), 'Field "checksum"'),
      };
    case 'listParts':
    case 'abortMultipartUpload': {
      const size = body.size ?? undefined;
      return { operation, key: textOf('key'), uploadId: textOf('uploadId'), ...(size === undefined ? {} : { size: size as number }) };
    }
  }
}

/** The operation of a request body: its `method` (default PUT), with or without `uploadId`. */
function operationOf(body: Record<string, unknown>): Operation {
  const method = body.method ?? 'PUT';
  if (typeof method !== 'string') {
    throw new RequestError(400, 'INVALID_FIELD_TYPE', 'Field "method" must be a string.');
  }
  const operations = Object.prototype.hasOwnProperty.call(OPERATIONS, method) ? OPERATIONS[method] : undefined;
  if (operations === undefined) {
    throw new RequestError(400, 'INVALID_OPERATION', `Field "method" is "${method.slice(0, 16)}"; use PUT, POST, GET or DELETE, as Uppy's signRequest gives it.`);
  }
  const hasUploadId = body.uploadId !== undefined && body.uploadId !== null;
  const operation = hasUploadId ? operations[0] : operations[1];
  if (operation === undefined) {
    throw new RequestError(400, 'MISSING_FIELD', `Field "uploadId" is required in a ${method} request.`);
  }
  return operation;
}
