import { createHash } from 'node:crypto';
import { SIGV4_ALGORITHM, credentialScope, signHex, toAmzDate } from './sigv4';

/** The payload hash of a presigned S3 request: the body is not signed (its length is, as a header). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** What a presigned URL authorizes: one request, with these exact headers. */
export interface PresignUrlInput {
  readonly method: string;
  /** `https:` or `http:` (a local endpoint in tests). */
  readonly protocol: string;
  /** Host as the client sends it in the Host header, with a non-default port. */
  readonly host: string;
  /** The path, already in canonical form (each segment URI-encoded once, see `encodeKeyPath`). */
  readonly path: string;
  /**
   * Headers the client must send with exactly these values, lower-case names.
   * Each is signed; `host` is added. Headers the client sends but that are not
   * here are not signed.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Query parameters of the operation itself (`uploads`, `uploadId`,
   * `partNumber`), unencoded; signed with the X-Amz-* ones.
   */
  readonly query?: Readonly<Record<string, string>>;
  readonly region: string;
  readonly service: string;
  readonly accessKeyId: string;
  /** Session token of temporary credentials; sent (and signed) as `X-Amz-Security-Token`. */
  readonly sessionToken?: string;
  readonly signedAt: Date;
  /** Lifetime of the URL, in seconds (1 to 604800). */
  readonly expiresSeconds: number;
}

/** The pieces of a query-string SigV4 signature, for tests and for building the URL. */
export interface PresignedUrlParts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** The canonical query string without the signature. */
  readonly query: string;
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

/** Builds the canonical request and string to sign of a presigned URL (SigV4, query parameters). */
export function presignedUrlParts(input: PresignUrlInput): PresignedUrlParts {
  const amzDate = toAmzDate(input.signedAt);
  const scope = credentialScope(amzDate.slice(0, 8), input.region, input.service);
  const headers: Record<string, string> = { host: input.host };
  for (const [name, value] of Object.entries(input.headers)) {
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  }
  const headerNames = Object.keys(headers).sort();
  const signedHeaders = headerNames.join(';');
  const params: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': SIGV4_ALGORITHM,
    'X-Amz-Credential': `${input.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(input.expiresSeconds),
    'X-Amz-SignedHeaders': signedHeaders,
  };
  if (input.sessionToken !== undefined) params['X-Amz-Security-Token'] = input.sessionToken;
  // Sorted by name; the names are ASCII, so code-unit order is byte order
  // (the operation's lower-case names after the X-Amz-* ones).
  const query = Object.keys(params)
    .sort()
    .map((name) => `${uriEncode(name)}=${uriEncode(params[name])}`)
    .join('&');
  const canonicalRequest = [
    input.method,
    input.path,
    query,
    headerNames.map((name) => `${name}:${headers[name]}\n`).join(''),
    signedHeaders,
    UNSIGNED_PAYLOAD,
  ].join('\n');
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  return { canonicalRequest, stringToSign, query };
}

/**
 * A presigned URL for one request, signed with `signingKey` (derived for the
 * day of `signedAt`, the region and the service). The client must send every
 * header of `input.headers` with exactly the signed value.
 */
export function presignUrl(input: PresignUrlInput, signingKey: Buffer): string {
  const { stringToSign, query } = presignedUrlParts(input);
  return `${input.protocol}//${input.host}${input.path}?${query}&X-Amz-Signature=${signHex(signingKey, stringToSign)}`;
}
