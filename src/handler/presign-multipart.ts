import { partLayout, partLength } from './multipart-parts';
import { checkIssuedKey } from './object-key';
import type { ObjectRequestSigner } from './object-request-signer';
import type { PresignConfig } from './presign-config';
import type { PresignedPartUrl, PresignedRequest } from './presigned-request';
import { RequestError } from './request-error';
import { resolveSize, type MultipartStepRequest } from './upload-request';

/** Most part URLs one call signs (`partNumber` to `lastPartNumber`). */
export const MAX_PART_URLS_PER_CALL = 500;

// What S3 upload ids are made of (base64 and URL-safe characters), with room to spare.
const UPLOAD_ID = /^[A-Za-z0-9._~+/=-]{1,1024}$/;

/** Refuses any multipart request when the endpoint does not sign multipart uploads. */
export function checkMultipartEnabled(config: PresignConfig): void {
  if (config.multipartThreshold === undefined) {
    throw new RequestError(400, 'MULTIPART_DISABLED', 'This endpoint does not sign multipart uploads; upload the file with one PUT ("method": "PUT").');
  }
}

/**
 * Presigns one step of a multipart upload that this endpoint started: parts,
 * the list of parts (to resume), the completion or the abort. The key must be
 * one this endpoint issues, and the caller's (`callerSegment`, undefined where
 * keys are not per caller); S3 binds the upload id to it.
 */
export function presignMultipartStep(
  request: MultipartStepRequest,
  config: PresignConfig,
  callerSegment: string | undefined,
  signer: ObjectRequestSigner,
): PresignedRequest {
  checkMultipartEnabled(config);
  checkIssuedKey(request.key, { prefix: config.keyPrefix, callerSegment });
  if (!UPLOAD_ID.test(request.uploadId)) {
    throw new RequestError(400, 'INVALID_UPLOAD_ID', 'uploadId is not an S3 upload id: send the one CreateMultipartUpload returned.');
  }
  const size = request.size === undefined ? undefined : resolveSize(request.size, config.maxBytes);
  const { key, uploadId } = request;
  const { expiresAt, expiresIn } = signer;
  switch (request.operation) {
    case 'uploadPart': {
      const parts = presignParts(request, size!, signer);
      return { method: 'PUT', url: parts[0].url, headers: {}, key, expiresAt, expiresIn, size, parts };
    }
    case 'completeMultipartUpload': {
      // The total is pinned (S3 refuses a completion whose parts add up to
      // another size), and If-None-Match keeps a stored object from being replaced.
      const headers = { 'if-none-match': '*', 'x-amz-mp-object-size': String(size) };
      return { method: 'POST', url: signer.sign({ method: 'POST', key, headers, query: { uploadId } }), headers, key, expiresAt, expiresIn, size };
    }
    case 'listParts':
      return { method: 'GET', url: signer.sign({ method: 'GET', key, headers: {}, query: { uploadId } }), headers: {}, key, expiresAt, expiresIn };
    case 'abortMultipartUpload':
      return { method: 'DELETE', url: signer.sign({ method: 'DELETE', key, headers: {}, query: { uploadId } }), headers: {}, key, expiresAt, expiresIn };
  }
}

/**
 * Part URLs from `partNumber` to `lastPartNumber` (default: just the one),
 * as far as the file has parts and at most MAX_PART_URLS_PER_CALL, each with
 * the exact Content-Length of that part signed.
 */
function presignParts(request: MultipartStepRequest, size: number, signer: ObjectRequestSigner): PresignedPartUrl[] {
  const layout = partLayout(size);
  const first = request.partNumber!;
  const last = request.lastPartNumber ?? first;
  if (!Number.isSafeInteger(first) || first < 1 || !Number.isSafeInteger(last) || last < first) {
    throw new RequestError(400, 'INVALID_PART_NUMBER', '"partNumber" must be a whole number from 1, and "lastPartNumber", if given, one no smaller.');
  }
  if (first > layout.partCount) {
    throw new RequestError(400, 'PART_NUMBER_OUT_OF_RANGE',
      `A file of ${size} bytes has ${layout.partCount} part${layout.partCount === 1 ? '' : 's'} of ${layout.partSize} bytes; there is no part ${first}.`);
  }
  const end = Math.min(last, layout.partCount, first + MAX_PART_URLS_PER_CALL - 1);
  const parts: PresignedPartUrl[] = [];
  for (let partNumber = first; partNumber <= end; partNumber++) {
    const length = partLength(size, layout, partNumber);
    const url = signer.sign({
      method: 'PUT',
      key: request.key,
      headers: { 'content-length': String(length) },
      query: { partNumber: String(partNumber), uploadId: request.uploadId },
    });
    parts.push({ partNumber, url, size: length });
  }
  return parts;
}
