import { SIGV4_ALGORITHM, canonicalHeaders, canonicalQuery, canonicalRequest, credentialScope, signHex, stringToSignOf, toAmzDate } from './sigv4';

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

/** Builds the canonical request and string to sign of a presigned URL (SigV4, query parameters). */
export function presignedUrlParts(input: PresignUrlInput): PresignedUrlParts {
  const amzDate = toAmzDate(input.signedAt);
  const scope = credentialScope(amzDate.slice(0, 8), input.region, input.service);
  const headers = canonicalHeaders({ host: input.host, ...input.headers });
  const params: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': SIGV4_ALGORITHM,
    'X-Amz-Credential': `${input.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(input.expiresSeconds),
    'X-Amz-SignedHeaders': headers.signedHeaders,
  };
  if (input.sessionToken !== undefined) params['X-Amz-Security-Token'] = input.sessionToken;
  const query = canonicalQuery(params);
  const request = canonicalRequest({ method: input.method, path: input.path, query, headers, payloadHash: UNSIGNED_PAYLOAD });
  return { canonicalRequest: request, stringToSign: stringToSignOf(amzDate, scope, request), query };
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
