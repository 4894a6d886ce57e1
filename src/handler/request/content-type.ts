import { describeMediaTypeProblem, isBrowserExecutable } from '../../shared/media-type';
import { RequestError } from '../request-error';

/** Which content types the endpoint signs for. */
export interface ContentTypePolicy {
  /**
   * Exact types (`image/png`) and type wildcards (`image/*`), lower case.
   * Undefined means: any well-formed type that is not browser-executable.
   */
  readonly allowed?: readonly string[];
}

/**
 * True when `mediaType` (already normalized) may be signed. A wildcard never
 * admits a browser-executable type; only an exact entry does.
 */
export function isContentTypeAllowed(mediaType: string, policy: ContentTypePolicy): boolean {
  const executable = isBrowserExecutable(mediaType);
  if (policy.allowed === undefined) return !executable;
  const type = mediaType.slice(0, mediaType.indexOf('/'));
  for (const entry of policy.allowed) {
    if (entry === mediaType) return true;
    if (!executable && entry.endsWith('/*') && entry.slice(0, -2) === type) return true;
  }
  return false;
}

/**
 * Validates the `contentType` a client asks for and returns it normalized
 * (lower case). Throws a RequestError for malformed or refused types.
 */
export function resolveContentType(value: string, policy: ContentTypePolicy): string {
  const problem = describeMediaTypeProblem(value);
  if (problem !== undefined) {
    throw new RequestError(400, 'INVALID_CONTENT_TYPE', `contentType ${problem}.`);
  }
  const normalized = value.toLowerCase();
  if (!isContentTypeAllowed(normalized, policy)) {
    throw new RequestError(400, 'CONTENT_TYPE_NOT_ALLOWED', `contentType "${normalized}" is not accepted by this endpoint.`);
  }
  return normalized;
}
