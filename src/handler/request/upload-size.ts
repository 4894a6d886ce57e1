import { describeBytes } from '../../shared/human-units';
import { RequestError } from '../request-error';

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
    throw new RequestError(413, 'FILE_TOO_LARGE', `The file is ${describeBytes(size)}; this endpoint accepts at most ${describeBytes(maxBytes)}.`);
  }
  return size;
}
