import { checkKeyIdSize } from './key-id';
import { checkIssuedKey } from './object-key';
import type { CheckedRequest, PresignedPartUrl } from './presign-answer';
import type { UploadRules } from './upload-rules';
import { describeBytes } from '../../shared/human-units';
import type { MultipartSettings } from '../../shared/multipart-settings';
import { MULTIPART_CHECKSUM_HEADERS, UPLOAD_CHECKSUM_HEADER } from '../../shared/upload-headers';
import { partLayout, partLength } from '../request/multipart-parts';
import type {
  AbortMultipartUploadRequest, CompleteMultipartUploadRequest, ListPartsRequest, MultipartStepRequest, UploadPartRequest,
} from '../request/upload-request';
import { resolveSize } from '../request/upload-size';
import { RequestError } from '../request-error';

/** What a step of an upload already started adds to the quotas besides the call itself: nothing. */
const NO_NEW_UPLOAD = { uploads: 0, bytes: 0 } as const;

/** Most part URLs one call signs (one per checksum in `partChecksums`). */
export const MAX_PART_URLS_PER_CALL = 500;

// What S3 upload ids are made of (base64 and URL-safe characters), with room to spare.
const UPLOAD_ID = /^[A-Za-z0-9._~+/=-]{1,1024}$/;

/**
 * The threshold and part size of multipart uploads; refuses any multipart
 * request when the endpoint does not sign multipart uploads.
 */
export function multipartOf(rules: UploadRules): MultipartSettings {
  if (rules.multipart === undefined) {
    throw new RequestError(400, 'MULTIPART_DISABLED', 'This endpoint does not sign multipart uploads; upload the file with one PUT ("method": "PUT").');
  }
  return rules.multipart;
}

/** What every step of a multipart upload names, once checked. */
interface CheckedStep {
  readonly multipart: MultipartSettings;
  /** The id segment of the step's key, which carries the upload's size (see `makeKeyId`). */
  readonly keyId: string;
}

/**
 * Checks what every step of a multipart upload names: multipart uploads are
 * on, the key is one this endpoint issues and the caller's (`callerSegment`,
 * undefined where keys are not per caller), and the upload id is an S3 one.
 * S3 binds the upload id to the key, so this is what keeps one caller from
 * signing for another's upload.
 */
function checkStep(request: MultipartStepRequest, rules: UploadRules, callerSegment: string | undefined): CheckedStep {
  const multipart = multipartOf(rules);
  const keyId = checkIssuedKey(request.key, { prefix: rules.keyPrefix, callerSegment });
  if (!UPLOAD_ID.test(request.uploadId)) {
    throw new RequestError(400, 'INVALID_UPLOAD_ID', 'uploadId is not an S3 upload id: send the one CreateMultipartUpload returned.');
  }
  return { multipart, keyId };
}

/**
 * The size a step sends, checked: within the limits, and the size the upload
 * started with, which its key id carries (else 400 `SIZE_MISMATCH`). So no
 * step signs more bytes than the quotas counted when the upload started.
 */
function checkStepSize(size: number, step: CheckedStep, rules: UploadRules): number {
  const bytes = resolveSize(size, rules.maxBytes);
  checkKeyIdSize(step.keyId, bytes, rules.keyIdSecret);
  return bytes;
}

/**
 * Part URLs, one for each checksum in `partChecksums`, from `partNumber` on,
 * at most MAX_PART_URLS_PER_CALL, each with the exact Content-Length and the
 * CRC64NVME of that part signed. A checksum for a part the file does not
 * have is refused, never signed.
 */
export function checkParts(request: UploadPartRequest, rules: UploadRules, callerSegment: string | undefined): CheckedRequest {
  const step = checkStep(request, rules, callerSegment);
  const size = checkStepSize(request.size, step, rules);
  const layout = partLayout(size, step.multipart.partSize);
  const first = request.partNumber;
  const checksums = request.partChecksums;
  if (!Number.isSafeInteger(first) || first < 1) {
    throw new RequestError(400, 'INVALID_PART_NUMBER', '"partNumber" must be a whole number from 1.');
  }
  const last = first + checksums.length - 1;
  if (last > layout.partCount) {
    throw new RequestError(400, 'PART_NUMBER_OUT_OF_RANGE',
      `A file of ${describeBytes(size)} has ${layout.partCount} part${layout.partCount === 1 ? '' : 's'} of ${describeBytes(layout.partSize)}; `
      + `${checksums.length} checksum${checksums.length === 1 ? '' : 's'} from part ${first} on describe${checksums.length === 1 ? 's' : ''} parts up to ${last}.`);
  }
  if (checksums.length > MAX_PART_URLS_PER_CALL) {
    throw new RequestError(400, 'TOO_MANY_PARTS', `One call signs at most ${MAX_PART_URLS_PER_CALL} part URLs; this one sent ${checksums.length} checksums.`);
  }
  const { key, uploadId } = request;
  return {
    usage: NO_NEW_UPLOAD,
    sign: (signer) => {
      const parts: PresignedPartUrl[] = checksums.map((checksum, index) => {
        const partNumber = first + index;
        const length = partLength(size, layout, partNumber);
        const headers = { [UPLOAD_CHECKSUM_HEADER]: checksum };
        const url = signer.sign({
          method: 'PUT',
          key,
          headers: { ...headers, 'content-length': String(length) },
          query: { partNumber: String(partNumber), uploadId },
        });
        return { partNumber, url, headers, size: length };
      });
      return { method: 'PUT', url: parts[0].url, headers: parts[0].headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size, parts };
    },
  };
}

/**
 * The completion. The total is pinned (S3 refuses a completion whose parts
 * add up to another size), so is the file's full-object CRC64NVME (S3
 * refuses one that the parts' checksums don't combine to), and If-None-Match
 * keeps a stored object from being replaced.
 */
export function checkCompletion(request: CompleteMultipartUploadRequest, rules: UploadRules,
  callerSegment: string | undefined): CheckedRequest {
  const size = checkStepSize(request.size, checkStep(request, rules, callerSegment), rules);
  const { key, uploadId } = request;
  const headers = {
    'if-none-match': '*',
    'x-amz-mp-object-size': String(size),
    [UPLOAD_CHECKSUM_HEADER]: request.checksum,
    'x-amz-checksum-type': MULTIPART_CHECKSUM_HEADERS['x-amz-checksum-type'],
  };
  return {
    usage: NO_NEW_UPLOAD,
    sign: (signer) => {
      const url = signer.sign({ method: 'POST', key, headers, query: { uploadId } });
      return { method: 'POST', url, headers, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn, size };
    },
  };
}

/** ListParts, to resume an upload. */
export function checkListParts(request: ListPartsRequest, rules: UploadRules, callerSegment: string | undefined): CheckedRequest {
  return checkBareStep('GET', request, rules, callerSegment);
}

/** AbortMultipartUpload, which drops the parts. */
export function checkAbort(request: AbortMultipartUploadRequest, rules: UploadRules, callerSegment: string | undefined): CheckedRequest {
  return checkBareStep('DELETE', request, rules, callerSegment);
}

/** A step that signs no header, only its method and `?uploadId`; a size sent along is checked all the same (`checkStep`). */
function checkBareStep(method: 'GET' | 'DELETE', request: ListPartsRequest | AbortMultipartUploadRequest, rules: UploadRules,
  callerSegment: string | undefined): CheckedRequest {
  const step = checkStep(request, rules, callerSegment);
  if (request.size !== undefined) checkStepSize(request.size, step, rules);
  const { key, uploadId } = request;
  return {
    usage: NO_NEW_UPLOAD,
    sign: (signer) => {
      const url = signer.sign({ method, key, headers: {}, query: { uploadId } });
      return { method, url, headers: {}, key, expiresAt: signer.expiresAt, expiresIn: signer.expiresIn };
    },
  };
}
