import { RequestError } from '../request-error';

/** Length of a CRC64NVME value: 8 bytes. */
const CHECKSUM_BYTES = 8;

/**
 * Checks a CRC64NVME value as S3 takes it: the 8 bytes in canonical base64.
 * `field` names where it came from, for the message. A value that decodes to
 * other bytes than it spells (a non-zero padding bit, say) is refused, so
 * what is signed is exactly what S3 compares.
 */
export function resolveChecksum(value: string, field: string): string {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== CHECKSUM_BYTES || bytes.toString('base64') !== value) {
    throw new RequestError(400, 'INVALID_CHECKSUM',
      `${field} must be the CRC64NVME of the bytes, 8 bytes in base64 (12 characters, e.g. "AAAAAAAAAAA="); got "${value.slice(0, 24)}".`);
  }
  return value;
}

/** Checks the part checksums of a request for part URLs, one per part from its `partNumber` on. */
export function resolvePartChecksums(values: readonly unknown[]): string[] {
  if (values.length === 0) {
    throw new RequestError(400, 'MISSING_CHECKSUM', 'Field "partChecksums" is empty: send the CRC64NVME of each part you ask a URL for.');
  }
  return values.map((value, index) => {
    if (typeof value !== 'string') {
      throw new RequestError(400, 'INVALID_FIELD_TYPE', `Field "partChecksums" must be an array of strings; item ${index} is not.`);
    }
    return resolveChecksum(value, `partChecksums[${index}]`);
  });
}
