import { createHmac } from 'node:crypto';

/** The only signing algorithm this package emits. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** `YYYYMMDDTHHMMSSZ`, the x-amz-date format. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `date/region/service/aws4_request`. */
export function credentialScope(dateStamp: string, region: string, service: string): string {
  return `${dateStamp}/${region}/${service}/aws4_request`;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
  const kDate = hmac('AWS4' + secretAccessKey, dateStamp);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/** Hex HMAC-SHA256 of the string to sign: the SigV4 signature. */
export function signHex(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

/**
 * Remembers the last derived signing key. A key is valid for one
 * (secret, day, region, service), so a warm function derives it about once a day
 * (or when its credentials rotate) instead of on every request.
 */
export class SigningKeyCache {
  // Stryker disable next-line StringLiteral: no id is empty or any other fixed text (each holds three newlines), so the first get always derives
  private id = '';
  private key: Buffer = Buffer.alloc(0);

  public get(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
    const id = `${secretAccessKey}\n${dateStamp}\n${region}\n${service}`;
    if (id !== this.id) {
      this.key = deriveSigningKey(secretAccessKey, dateStamp, region, service);
      this.id = id;
    }
    return this.key;
  }
}
