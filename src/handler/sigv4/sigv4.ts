/**
 * The core of AWS Signature Version 4, shared by query authentication
 * (presigned-url.ts) and header authentication (signed-headers.ts): the
 * canonical URI, query, headers and request, the string to sign, the signing
 * key and the signature.
 */
import { createHash, createHmac } from 'node:crypto';

/** The only signing algorithm this package emits. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** `YYYYMMDDTHHMMSSZ`, the x-amz-date format. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * RFC 3986 percent-encoding as SigV4 wants it: everything but `A-Z a-z 0-9 - _ . ~`,
 * UTF-8 bytes in upper-case hex (`encodeURIComponent` leaves `! ' ( ) *` as they are).
 */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An S3 object key as a canonical URI path: each `/`-separated segment encoded, the slashes kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(uriEncode).join('/');
}

/** The canonical query string of unencoded `params`: each name and value encoded, sorted by encoded name as byte strings. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .map((name) => [uriEncode(name), uriEncode(params[name])])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Headers as SigV4 signs them. */
export interface CanonicalHeaders {
  /** Each header by lower-case name, its value trimmed and each inner run of whitespace one space. */
  readonly values: Readonly<Record<string, string>>;
  /** The names, sorted and `;`-joined: `SignedHeaders`. */
  readonly signedHeaders: string;
  /** `name:value` and a newline for each header, in name order. */
  readonly text: string;
}

/** `headers` (any case; of two names that differ only in case, the later wins) in canonical form. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    values[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  }
  // Header names are ASCII: code-unit order is byte order.
  const names = Object.keys(values).sort();
  return { values, signedHeaders: names.join(';'), text: names.map((name) => `${name}:${values[name]}\n`).join('') };
}

/** One request in canonical form, the parts already canonical. */
export interface CanonicalRequestInput {
  readonly method: string;
  /** The canonical URI (see `encodeKeyPath`). */
  readonly path: string;
  /** The canonical query string (see `canonicalQuery`). */
  readonly query: string;
  readonly headers: CanonicalHeaders;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
}

/** The canonical request: method, URI, query, headers, signed headers and payload hash, one per line. */
export function canonicalRequest(input: CanonicalRequestInput): string {
  return [input.method, input.path, input.query, input.headers.text, input.headers.signedHeaders, input.payloadHash].join('\n');
}

/** Hex SHA-256 of UTF-8 `text`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The string to sign: the algorithm, the time, the scope and the canonical request's hash. */
export function stringToSignOf(amzDate: string, scope: string, request: string): string {
  return [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(request)].join('\n');
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
