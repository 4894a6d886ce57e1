import { makeKeyId } from './key-id';
import { makeObjectKey } from './object-key';
import type { CheckedRequest } from './presign-answer';
import { multipartOf } from './presign-multipart';
import type { UploadRules } from './upload-rules';
import { describeBytes } from '../../shared/human-units';
import { MAX_SINGLE_UPLOAD_BYTES } from '../../shared/s3-limits';
import {
  MULTIPART_CHECKSUM_HEADERS, UPLOAD_CALLER_HEADER, UPLOAD_CHECKSUM_HEADER, UPLOAD_KMS_HEADERS, UPLOAD_PINNED_HEADERS,
} from '../../shared/upload-headers';
import type { CallerIdentity } from '../caller/caller';
import { resolveContentType } from '../request/content-type';
import { partLayout } from '../request/multipart-parts';
import type { CreateMultipartUploadRequest, NewUploadRequest, PutObjectRequest } from '../request/upload-request';
import { resolveSize } from '../request/upload-size';
import { RequestError } from '../request-error';

/** The type and size a new upload declares, checked: the type normalized and allowed, the size within the limits. */
function checkDeclaration(request: NewUploadRequest, rules: UploadRules): { readonly contentType: string; readonly size: number } {
  return { contentType: resolveContentType(request.contentType, rules.contentTypes), size: resolveSize(request.size, rules.maxBytes) };
}

/** A new upload's key and the headers the browser sends with it. */
interface NewUploadTarget {
  /** The key the server made, from the caller and a fresh id. */
  readonly key: string;
  /**
   * Headers the browser sends as they are: the content type, every header S3
   * stores with the object (pinned), the caller's metadata and SSE-KMS.
   */
  readonly headers: Record<string, string>;
}

/**
 * Makes a new upload's key and headers. The client contributes a sanitized
 * file name to the key, never the key; the key's id is fresh (from `random`,
 * a random UUID) and carries the upload's size (`makeKeyId`), which holds
 * every later step of a multipart upload to it.
 */
function newUploadTarget(request: NewUploadRequest, contentType: string, size: number, rules: UploadRules, random: string,
  caller: CallerIdentity | undefined): NewUploadTarget {
  const id = makeKeyId(random, size, rules.keyIdSecret);
  const key = makeObjectKey({ prefix: rules.keyPrefix, callerSegment: caller?.segment, id, filename: request.filename });
  const headers: Record<string, string> = { 'content-type': contentType, ...UPLOAD_PINNED_HEADERS };
  if (caller !== undefined) {
    headers[UPLOAD_CALLER_HEADER] = caller.uploadedBy;
  }
  if (rules.kmsKeyArn !== undefined) {
    const [encryption, keyId] = UPLOAD_KMS_HEADERS;
    headers[encryption] = 'aws:kms';
    headers[keyId] = rules.kmsKeyArn;
  }
  return { key, headers };
}

/**
 * A single upload: one PUT of exactly `size` bytes whose CRC64NVME is the
 * declared one (S3 refuses other bytes with `BadDigest`), with
 * `If-None-Match: *`, so that S3 stores the first upload to the key and
 * refuses every later one (412).
 */
export function checkPutObject(request: PutObjectRequest, rules: UploadRules, id: string,
  caller: CallerIdentity | undefined): CheckedRequest {
  const { contentType, size } = checkDeclaration(request, rules);
  if (size > MAX_SINGLE_UPLOAD_BYTES) {
    throw new RequestError(400, 'MULTIPART_REQUIRED',
      `The file is ${describeBytes(size)}; one PUT carries at most 5 GiB: start a multipart upload with "method": "POST".`);
  }
  const { key, headers } = newUploadTarget(request, contentType, size, rules, id, caller);
  headers['if-none-match'] = '*';
  headers[UPLOAD_CHECKSUM_HEADER] = request.checksum;
  return {
    usage: { uploads: 1, bytes: size },
    sign: (signer) => {
      // Content-Length is signed too (the browser sets it from the body), but
      // it is not a header a page may set, so it is not returned.
      const url = signer.sign({ method: 'PUT', key, headers: { ...headers, 'content-length': String(size) } });
      return { method: 'PUT', url, headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size };
    },
  };
}

/**
 * The start of a multipart upload: a signed CreateMultipartUpload, whose
 * headers the object keeps, declaring a full-object CRC64NVME; its parts
 * (each with its own checksum) and completion (with the file's) are signed
 * step by step. Completion carries If-None-Match.
 */
export function checkCreateMultipartUpload(request: CreateMultipartUploadRequest, rules: UploadRules, id: string,
  caller: CallerIdentity | undefined): CheckedRequest {
  const { contentType, size } = checkDeclaration(request, rules);
  const { threshold, partSize: configuredPartSize } = multipartOf(rules);
  if (size <= threshold) {
    throw new RequestError(400, 'MULTIPART_BELOW_THRESHOLD',
      `The file is ${describeBytes(size)}; files of at most ${describeBytes(threshold)} are uploaded with one PUT ("method": "PUT").`);
  }
  const target = newUploadTarget(request, contentType, size, rules, id, caller);
  const { key } = target;
  const headers = { ...target.headers, ...MULTIPART_CHECKSUM_HEADERS };
  const { partSize, partCount } = partLayout(size, configuredPartSize);
  return {
    usage: { uploads: 1, bytes: size },
    sign: (signer) => {
      const url = signer.sign({ method: 'POST', key, headers, query: { uploads: '' } });
      return { method: 'POST', url, headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size, partSize, partCount };
    },
  };
}
