import { callerSegment, encodeCaller } from './caller';
import { resolveContentType } from './content-type';
import { partLayout } from './multipart-parts';
import { makeObjectKey } from './object-key';
import { ObjectRequestSigner, type PresignContext } from './object-request-signer';
import type { PresignConfig } from './presign-config';
import { checkMultipartEnabled, presignMultipartStep } from './presign-multipart';
import type { PresignedRequest } from './presigned-request';
import { RequestError } from './request-error';
import type { SigningKeyCache } from './sigv4';
import { resolveSize, type NewUploadRequest, type UploadRequest } from './upload-request';
import { MAX_SINGLE_UPLOAD_BYTES } from '../shared/s3-limits';
import { UPLOAD_CALLER_HEADER, UPLOAD_KMS_HEADERS, UPLOAD_PINNED_HEADERS } from '../shared/upload-headers';

export type { PresignContext, SigningCredentials } from './object-request-signer';
export type { PresignedRequest } from './presigned-request';

/**
 * Validates a parsed request against the configuration and presigns it.
 * Throws RequestError before anything is signed when the request is not
 * acceptable.
 */
export function presignUpload(
  request: UploadRequest,
  config: PresignConfig,
  context: PresignContext,
  signingKeys: SigningKeyCache,
): PresignedRequest {
  const owner = keyOwner(config, context);
  const signer = new ObjectRequestSigner(config, context, signingKeys);
  return 'uploadId' in request
    ? presignMultipartStep(request, config, owner?.callerSegment, signer)
    : presignNewUpload(request, config, context.id, owner, signer);
}

/** Whose keys a request may use, where keys are per caller. */
interface KeyOwner {
  /** The caller's opaque key segment. */
  readonly callerSegment: string;
  /** The caller, encoded for the upload's `x-amz-meta-uploaded-by`. */
  readonly uploadedBy: string;
}

/**
 * The caller every key carries, where keys are per caller (undefined where
 * they are not). A request without one is refused: it could neither get a key
 * nor prove that a key is its own.
 */
function keyOwner(config: PresignConfig, context: PresignContext): KeyOwner | undefined {
  const { keyByCaller } = config;
  if (keyByCaller === undefined) return undefined;
  if (!context.caller) {
    throw keyByCaller.source === 'jwt'
      ? new RequestError(403, 'MISSING_SUBJECT', 'The access token has no "sub" claim to key the upload by.')
      : new RequestError(403, 'MISSING_CALLER', 'The request carries no stable IAM caller identity (a Cognito identity id, '
        + 'a role\'s unique id or a user ARN) to key the upload by.');
  }
  return { callerSegment: callerSegment(context.caller, keyByCaller.secret), uploadedBy: encodeCaller(context.caller) };
}

/**
 * A new upload: the key is made here, from the caller and a fresh id, and the
 * content type is pinned. A single upload is one PUT of exactly `size` bytes
 * with `If-None-Match: *`, so that S3 stores the first upload to the key and
 * refuses every later one (412). A multipart upload starts with a signed
 * CreateMultipartUpload; its parts and completion are signed step by step.
 */
function presignNewUpload(request: NewUploadRequest, config: PresignConfig, id: string, owner: KeyOwner | undefined,
  signer: ObjectRequestSigner): PresignedRequest {
  const multipart = request.operation === 'createMultipartUpload';
  const contentType = resolveContentType(request.contentType, config.contentTypes);
  const size = resolveSize(request.size, config.maxBytes);
  if (multipart) {
    checkMultipartSize(size, config);
  } else if (size > MAX_SINGLE_UPLOAD_BYTES) {
    throw new RequestError(400, 'MULTIPART_REQUIRED',
      `The file is ${size} bytes; one PUT carries at most ${MAX_SINGLE_UPLOAD_BYTES} (5 GiB): start a multipart upload with "method": "POST".`);
  }
  const key = makeObjectKey({ prefix: config.keyPrefix, callerSegment: owner?.callerSegment, id, filename: request.filename });
  // What the browser sends: every header S3 stores with the object is pinned.
  // Completion carries If-None-Match for a multipart upload.
  const headers: Record<string, string> = { 'content-type': contentType, ...UPLOAD_PINNED_HEADERS };
  if (!multipart) {
    headers['if-none-match'] = '*';
  }
  if (owner !== undefined) {
    headers[UPLOAD_CALLER_HEADER] = owner.uploadedBy;
  }
  if (config.kmsKeyArn !== undefined) {
    const [encryption, keyId] = UPLOAD_KMS_HEADERS;
    headers[encryption] = 'aws:kms';
    headers[keyId] = config.kmsKeyArn;
  }
  if (multipart) {
    const { partSize, partCount } = partLayout(size);
    const url = signer.sign({ method: 'POST', key, headers, query: { uploads: '' } });
    return { method: 'POST', url, headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size, partSize, partCount };
  }
  // Content-Length is signed too (the browser sets it from the body), but it
  // is not a header a page may set, so it is not returned.
  const url = signer.sign({ method: 'PUT', key, headers: { ...headers, 'content-length': String(size) } });
  return { method: 'PUT', url, headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size };
}

/** Refuses a multipart upload this endpoint doesn't offer for `size`. */
function checkMultipartSize(size: number, config: PresignConfig): void {
  checkMultipartEnabled(config);
  if (size <= config.multipartThreshold!) {
    throw new RequestError(400, 'MULTIPART_BELOW_THRESHOLD',
      `The file is ${size} bytes; files of at most ${config.multipartThreshold} bytes are uploaded with one PUT ("method": "PUT").`);
  }
}
