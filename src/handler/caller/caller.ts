import { createHmac } from 'node:crypto';
import { RequestError } from '../request-error';

/**
 * The caller: who is asking, as the route's authorizer says, in a form that
 * stays the same across that caller's requests. Keys carry an opaque segment
 * made from it, and new uploads record it as signed user metadata.
 *
 * - JWT and Cognito user pools: the token's `sub` claim.
 * - IAM with a Cognito identity pool's credentials: the identity id. A
 *   guest (unauthenticated) identity is one anybody can mint, so with quotas
 *   guests are counted by source IP address too (`quotaSubjects`).
 * - IAM with a role session: the role's unique id (`AROA…`, the `RoleId` of
 *   `aws iam get-role`), never the session name, which whoever assumes the
 *   role chooses and which SDKs change whenever they refresh credentials.
 *   Everyone who may assume one role is therefore one caller.
 * - IAM with an IAM user: the user's unique id (`AIDA…`), never its name, so
 *   a user deleted and created again under the same name is another caller.
 * - The account's root user: its ARN.
 * - A federated user (`GetFederationToken`) is refused (`FEDERATED_USER`):
 *   its name is whatever the minter of the token chose, so two minters
 *   could be one caller.
 */
export type Caller = string;

/** Where the caller comes from: the JWT `sub`, or the IAM authorizer (see `Caller`). */
export type CallerSource = 'jwt' | 'iam';

/** What API Gateway's IAM authorizer (HTTP API, payload 2.0) says of a SigV4-signed caller. */
export interface IamAuthorizerContext {
  readonly userArn?: unknown;
  /** `AROA…:session-name` for a role session, the unique id for an IAM user. */
  readonly userId?: unknown;
  /** Set when a Cognito identity pool's credentials signed the request. */
  readonly cognitoIdentity?: {
    readonly identityId?: unknown;
    /** How the identity signed in: `["unauthenticated"]` for a guest, `["authenticated", …]` otherwise. */
    readonly amr?: unknown;
  } | null;
}

/** An STS role-session ARN: `arn:{partition}:sts::{account}:assumed-role/{role}/{session}`. */
const ROLE_SESSION_ARN = /^arn:[a-z-]+:sts::\d{12}:assumed-role\/[^/]+\/[^/]+$/;
/** A role session's user id: the role's unique id (AROA and upper-case letters and digits), a colon, the session name. */
const ROLE_SESSION_USER_ID = /^(AROA[A-Z0-9]{4,124}):./;
/** An IAM user's ARN: `arn:{partition}:iam::{account}:user/{path/}{name}`. */
const IAM_USER_ARN = /^arn:[a-z-]+:iam::\d{12}:user\/./;
/** An IAM user's unique id: AIDA and upper-case letters and digits. */
const IAM_USER_ID = /^AIDA[A-Z0-9]{4,124}$/;
/** The root user's ARN: `arn:{partition}:iam::{account}:root`. */
const ROOT_ARN = /^arn:[a-z-]+:iam::\d{12}:root$/;
/** A federated user's ARN: `arn:{partition}:sts::{account}:federated-user/{name}`. */
const FEDERATED_USER_ARN = /^arn:[a-z-]+:sts::\d{12}:federated-user\//;

/** A non-empty string, else undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The caller of a JWT-authorized request: the token's `sub` claim, or undefined when it has none (or an empty one). */
export function jwtCaller(claims: Readonly<Record<string, unknown>> | undefined): Caller | undefined {
  return text(claims?.sub);
}

/**
 * The stable IAM caller of a request (see {@link Caller}), or undefined when
 * the context names none, or names a principal without the unique id it is
 * keyed by (the request is then refused). A federated user is refused here,
 * with 403 `FEDERATED_USER`.
 */
export function iamCaller(iam: IamAuthorizerContext | undefined): Caller | undefined {
  if (iam === undefined) return undefined;
  const identityId = text(iam.cognitoIdentity?.identityId);
  if (identityId !== undefined) return identityId;
  const userArn = text(iam.userArn) ?? '';
  const userId = text(iam.userId) ?? '';
  if (ROLE_SESSION_ARN.test(userArn)) return ROLE_SESSION_USER_ID.exec(userId)?.[1];
  if (IAM_USER_ARN.test(userArn)) return IAM_USER_ID.test(userId) ? userId : undefined;
  if (ROOT_ARN.test(userArn)) return userArn;
  if (FEDERATED_USER_ARN.test(userArn)) {
    throw new RequestError(403, 'FEDERATED_USER',
      'Federated users (credentials from GetFederationToken) are not accepted: their name is chosen by whoever mints the token, '
      + 'so it can\'t tell callers apart. Sign with a role session or a Cognito identity pool\'s credentials instead.');
  }
  return undefined;
}

/**
 * Whether the request was signed with a Cognito identity pool's guest
 * (unauthenticated) credentials: anybody may mint a new guest identity at
 * any time, so a guest's identity id bounds nothing by itself. An identity
 * whose `amr` does not say `authenticated` is taken for a guest.
 */
export function isGuest(iam: IamAuthorizerContext | undefined): boolean {
  const identity = iam?.cognitoIdentity;
  if (text(identity?.identityId) === undefined) return false;
  return !(Array.isArray(identity?.amr) && identity.amr.includes('authenticated'));
}

/** Length of a caller segment: 32 hex digits, 128 bits of HMAC-SHA256. */
export const CALLER_SEGMENT_LENGTH = 32;
/** A caller segment as {@link callerSegment} makes it. */
export const CALLER_SEGMENT = new RegExp(`^[0-9a-f]{${CALLER_SEGMENT_LENGTH}}$`);
/** Longest caller recorded in the object's metadata, once encoded (S3 allows 2 KB of user metadata). */
export const MAX_ENCODED_CALLER_BYTES = 1024;

// A UTF-16 code unit that is half of a surrogate pair without its other half.
// (With the u flag, a well-formed pair is one code point and never matches.)
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Refuses a caller that is not well-formed text: UTF-8 would turn each lone surrogate into U+FFFD, so two callers could become one. */
function checkWellFormed(caller: Caller): void {
  if (LONE_SURROGATE.test(caller)) {
    throw new RequestError(403, 'INVALID_CALLER', 'The access token\'s "sub" claim is not well-formed Unicode text.');
  }
}

/**
 * The key segment of `caller`: HMAC-SHA256 under the deployment's caller key,
 * the first 128 bits in lower-case hex. The same caller always gets the same
 * segment within a deployment; without the key, a segment says nothing of
 * who the caller is, and can't be computed for a guessed caller either.
 */
export function callerSegment(caller: Caller, callerKey: Buffer): string {
  checkWellFormed(caller);
  return createHmac('sha256', callerKey).update(caller).digest('hex').slice(0, CALLER_SEGMENT_LENGTH);
}

/**
 * Encodes a caller for the `x-amz-meta-uploaded-by` header, injectively:
 * `[A-Za-z0-9_-]` stay, every other UTF-8 byte becomes `~XX` (upper-case
 * hex). Replacing `~` by `%` and percent-decoding gives the caller back.
 * A caller too long for S3's user metadata is refused.
 */
export function encodeCaller(caller: Caller): string {
  checkWellFormed(caller);
  let out = '';
  for (const ch of caller) {
    // Stryker disable next-line Regex: ch is one code point, so dropping an anchor matches the same characters
    if (/^[A-Za-z0-9_-]$/.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch)) {
        out += '~' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  if (out.length > MAX_ENCODED_CALLER_BYTES) {
    throw new RequestError(403, 'CALLER_TOO_LONG',
      `The caller's identity is longer than the ${MAX_ENCODED_CALLER_BYTES} bytes an upload's metadata can record, once encoded.`);
  }
  return out;
}

/** What keys and new uploads carry of a caller, where keys are per caller. */
export interface CallerIdentity {
  /** The caller's opaque key segment. */
  readonly segment: string;
  /** The caller, encoded for the upload's `x-amz-meta-uploaded-by`. */
  readonly uploadedBy: string;
}

/** How the function names callers, as its configuration says (see `PresignConfig`). */
export interface CallerSettings {
  /** Where the caller comes from, when keys are per caller. */
  readonly callerSource?: CallerSource;
  /**
   * The deployment's secret that makes an opaque name of each caller (its
   * key segment) and of each source IP (its quota counters): set wherever
   * keys are per caller or quotas are on.
   */
  readonly callerKey?: Buffer;
}

/** The caller key, which the configuration guarantees wherever it is used (keys per caller, quotas). */
export function callerKeyOf(settings: CallerSettings): Buffer {
  if (settings.callerKey === undefined) {
    throw new Error('Presign function misconfigured: UPLOAD_CALLER_KEY is not set.');
  }
  return settings.callerKey;
}

/**
 * The caller's identity in keys and metadata, made once per call; undefined
 * where keys are not per caller. A request without a caller is refused with
 * a message for its auth mode: it could neither get a key nor prove that a
 * key is its own.
 */
export function identifyCaller(caller: Caller | undefined, settings: CallerSettings): CallerIdentity | undefined {
  const source = settings.callerSource;
  if (source === undefined) return undefined;
  if (!caller) {
    throw new RequestError(403, 'MISSING_CALLER', source === 'jwt'
      ? 'The access token has no "sub" claim, so there is no caller to key the upload by.'
      : 'The request carries no stable IAM caller identity (a Cognito identity id, a role\'s unique id or a user ARN) to key the upload by.');
  }
  return { segment: callerSegment(caller, callerKeyOf(settings)), uploadedBy: encodeCaller(caller) };
}
