import { RequestError } from '../request-error';
import type { QuotaCount, QuotaLimits } from './quota-counts';
import { describeBytes, describeSeconds, describeWait } from '../../shared/human-units';

/** `1 upload`, `2 uploads`. */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The refusal of a call that would take `refused` past its limit: 429 with
 * the kind's code, a message naming the limit and when it resets, and
 * `Retry-After`.
 */
export function quotaRefusal(refused: QuotaCount, limits: QuotaLimits, nowSeconds: number): RequestError {
  const retryAfterSeconds = Math.max(1, Math.ceil(refused.resetsAt - nowSeconds));
  const resets = `it resets at ${new Date(refused.resetsAt * 1000).toISOString()}, in ${describeWait(retryAfterSeconds)}`;
  const usageWindow = describeSeconds(limits.usageWindowSeconds);
  const who = refused.whose === 'guestsAtAddress' ? 'Guest identities from this IP address have' : 'This caller has';
  const whom = refused.whose === 'guestsAtAddress' ? 'guest identities from this IP address' : 'this caller';
  switch (refused.kind) {
    case 'requests':
      return new RequestError(429, 'RATE_LIMITED',
        `${who} made the ${countOf(refused.limit, 'presign request')} allowed per ${describeSeconds(limits.requestWindowSeconds)}; ${resets}.`,
        { retryAfterSeconds });
    case 'uploads':
      return new RequestError(429, 'UPLOAD_QUOTA_EXCEEDED',
        `${who} started the ${countOf(refused.limit, 'upload')} allowed per ${usageWindow}; ${resets}.`, { retryAfterSeconds });
    case 'bytes':
      return new RequestError(429, 'BYTE_QUOTA_EXCEEDED',
        `An upload of ${describeBytes(refused.amount)} would take ${whom} past the ${describeBytes(refused.limit)} allowed per ${usageWindow}; ${resets}.`,
        { retryAfterSeconds });
    case 'bytesPerDay':
      return new RequestError(429, 'DAILY_BUDGET_EXCEEDED',
        `An upload of ${describeBytes(refused.amount)} would take this endpoint past the ${describeBytes(refused.limit)} all callers may upload per UTC day; ${resets}.`,
        { retryAfterSeconds });
  }
}

/** The refusal of a call whose quota could not be checked: 503, `Retry-After: 1`, the cause attached for the log. */
export function quotaUnavailable(cause: unknown): RequestError {
  return new RequestError(503, 'QUOTA_UNAVAILABLE', 'Upload quotas could not be checked just now, so nothing was signed; try again in a moment.',
    { retryAfterSeconds: 1, cause });
}
