import { SIGV4_ALGORITHM, canonicalHeaders, canonicalQuery, canonicalRequest, credentialScope, sha256Hex, signHex, stringToSignOf, toAmzDate } from './sigv4';

/** One request to sign with SigV4 header authentication (the `Authorization` header). */
export interface HeaderAuthInput {
  readonly method: string;
  /** Host as sent in the Host header, with a non-default port. */
  readonly host: string;
  /** The path, already in canonical form. */
  readonly path: string;
  /** Query parameters, unencoded. */
  readonly query?: Readonly<Record<string, string>>;
  /** Headers to send and sign (any case); `host` and `x-amz-date` are added. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, whose SHA-256 is signed. */
  readonly body: string;
  readonly region: string;
  readonly service: string;
  readonly accessKeyId: string;
  /** Session token of temporary credentials: sent and signed as `x-amz-security-token`. */
  readonly sessionToken?: string;
  readonly signedAt: Date;
}

/** The pieces of a header signature, for tests. */
export interface HeaderAuthParts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** Every header to send, lower-case names, `authorization` not yet included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly credential: string;
  readonly signedHeaders: string;
}

/** Builds the canonical request and the string to sign of a request signed in its headers. */
export function headerAuthParts(input: HeaderAuthInput): HeaderAuthParts {
  const amzDate = toAmzDate(input.signedAt);
  const scope = credentialScope(amzDate.slice(0, 8), input.region, input.service);
  const security: Record<string, string> = input.sessionToken === undefined ? {} : { 'x-amz-security-token': input.sessionToken };
  const headers = canonicalHeaders({ 'host': input.host, 'x-amz-date': amzDate, ...security, ...input.headers });
  const request = canonicalRequest({
    method: input.method,
    path: input.path,
    query: canonicalQuery(input.query ?? {}),
    headers,
    payloadHash: headers.values['x-amz-content-sha256'] ?? sha256Hex(input.body),
  });
  return {
    canonicalRequest: request,
    stringToSign: stringToSignOf(amzDate, scope, request),
    headers: headers.values,
    credential: `${input.accessKeyId}/${scope}`,
    signedHeaders: headers.signedHeaders,
  };
}

/**
 * The headers of a request signed with SigV4 header authentication: the
 * request's own, `host`, `x-amz-date`, `x-amz-security-token` with temporary
 * credentials, and `authorization`. `signingKey` is derived for the day of
 * `signedAt`, the region and the service.
 */
export function signHeaders(input: HeaderAuthInput, signingKey: Buffer): Record<string, string> {
  const { stringToSign, headers, credential, signedHeaders } = headerAuthParts(input);
  return {
    ...headers,
    authorization: `${SIGV4_ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signHex(signingKey, stringToSign)}`,
  };
}
