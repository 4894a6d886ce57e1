import { resolveContentType } from './content-type';
import { makeObjectKey } from './object-key';
import type { PresignConfig } from './presign-config';
import { presignUrl } from './presigned-url';
import { RequestError } from './request-error';
import { objectPath } from './s3-endpoint';
import { toAmzDate, type SigningKeyCache } from './sigv4';
import { resolveSize, type UploadRequest } from './upload-request';
import { UPLOAD_KMS_HEADERS } from '../shared/upload-headers';

/** AWS credentials to sign with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What varies per call, passed in so the function stays pure. */
export interface PresignContext {
  readonly now: Date;
  /** Unique id for the key, normally `crypto.randomUUID()`. */
  readonly id: string;
  /** JWT `sub` of the caller, when the authorizer supplied one. */
  readonly subject?: string;
  readonly credentials: SigningCredentials;
}

/**
 * The answer to a presign request: a presigned PUT, what Uppy 6's
 * `signRequest` returns (`url`, `headers`, `key`) and what
 * `fetch(url, { method, headers, body: file })` needs. Every header in `headers` is signed and must be sent as it is; the
 * browser sets `Content-Length` itself, and a body of any other length fails
 * the signature.
 */
export interface PresignedUpload {
  readonly method: 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly key: string;
  readonly expiresAt: string;
  /** The exact number of bytes the upload must have. */
  readonly size: number;
}

/**
 * Validates a parsed request against the configuration, makes the key and
 * presigns one PUT of exactly `size` bytes with the resolved content type and
 * `If-None-Match: *`, so that S3 stores the first upload to the key and refuses
 * every later one (412). Throws RequestError before anything is signed when
 * the request is not acceptable.
 */
export function presignUpload(
  request: UploadRequest,
  config: PresignConfig,
  context: PresignContext,
  signingKeys: SigningKeyCache,
): PresignedUpload {
  const contentType = resolveContentType(request.contentType, config.contentTypes);
  const size = resolveSize(request.size, config.maxBytes);
  if (config.keyBySubject && !context.subject) {
    throw new RequestError(403, 'MISSING_SUBJECT', 'The access token has no "sub" claim to key the upload by.');
  }
  const key = makeObjectKey({
    prefix: config.keyPrefix,
    subject: config.keyBySubject ? context.subject : undefined,
    id: context.id,
    filename: request.filename,
  });
  // What the browser sends; content-length is signed too (the browser sets it
  // from the body), but it is not a header a page may set, so it is not returned.
  const headers: Record<string, string> = { 'content-type': contentType, 'if-none-match': '*' };
  if (config.kmsKeyArn !== undefined) {
    const [encryption, keyId] = UPLOAD_KMS_HEADERS;
    headers[encryption] = 'aws:kms';
    headers[keyId] = config.kmsKeyArn;
  }
  const dateStamp = toAmzDate(context.now).slice(0, 8);
  const signingKey = signingKeys.get(context.credentials.secretAccessKey, dateStamp, config.region, 's3');
  const url = presignUrl({
    method: 'PUT',
    protocol: config.objectEndpoint.protocol,
    host: config.objectEndpoint.host,
    path: objectPath(config.objectEndpoint, key),
    headers: { ...headers, 'content-length': String(size) },
    region: config.region,
    service: 's3',
    accessKeyId: context.credentials.accessKeyId,
    sessionToken: context.credentials.sessionToken,
    signedAt: context.now,
    expiresSeconds: config.expiresSeconds,
  }, signingKey);
  return {
    method: 'PUT',
    url,
    headers,
    key,
    expiresAt: new Date(context.now.getTime() + config.expiresSeconds * 1000).toISOString(),
    size,
  };
}
