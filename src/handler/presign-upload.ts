import { resolveContentType } from './content-type';
import { makeObjectKey } from './object-key';
import { buildPostPolicy, signPostPolicy } from './post-policy';
import type { PresignConfig } from './presign-config';
import { RequestError } from './request-error';
import type { SigningKeyCache } from './sigv4';
import { resolveSizeRange, type UploadRequest } from './upload-request';

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
 * The answer to a presign request: the shape Uppy's `getUploadParameters`
 * returns and what `fetch` + `FormData` need.
 */
export interface PresignedUpload {
  readonly method: 'POST';
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly key: string;
  readonly expiresAt: string;
  readonly maxBytes: number;
}

/**
 * Validates a parsed request against the configuration, makes the key, builds
 * the policy and signs it. Throws RequestError before anything is signed when
 * the request is not acceptable.
 */
export function presignUpload(
  request: UploadRequest,
  config: PresignConfig,
  context: PresignContext,
  signingKeys: SigningKeyCache,
): PresignedUpload {
  const contentType = resolveContentType(request.contentType, config.contentTypes);
  const range = resolveSizeRange(request.size, config.maxBytes);
  if (config.keyBySubject && !context.subject) {
    throw new RequestError(403, 'MISSING_SUBJECT', 'The access token has no "sub" claim to key the upload by.');
  }
  const key = makeObjectKey({
    prefix: config.keyPrefix,
    subject: config.keyBySubject ? context.subject : undefined,
    id: context.id,
    filename: request.filename,
  });
  const expiresAt = new Date(context.now.getTime() + config.expiresSeconds * 1000);
  const unsigned = buildPostPolicy({
    bucket: config.bucket,
    key,
    contentType,
    minBytes: range.min,
    maxBytes: range.max,
    signedAt: context.now,
    expiresAt,
    region: config.region,
    accessKeyId: context.credentials.accessKeyId,
    sessionToken: context.credentials.sessionToken,
    kmsKeyArn: config.kmsKeyArn,
  });
  const dateStamp = unsigned.fields['X-Amz-Date'].slice(0, 8);
  const signingKey = signingKeys.get(context.credentials.secretAccessKey, dateStamp, config.region, 's3');
  const signed = signPostPolicy(unsigned.document, signingKey);
  return {
    method: 'POST',
    url: config.postUrl,
    fields: { ...unsigned.fields, 'Policy': signed.policy, 'X-Amz-Signature': signed.signature },
    headers: {},
    key,
    expiresAt: expiresAt.toISOString(),
    maxBytes: range.max,
  };
}
