import { abortError, UploadError } from './errors.js';

/** When a failed request is tried again. */
export interface RetryPolicy {
  /** Tries after the first: default 4. */
  readonly retries: number;
  /** Wait before the first retry, in milliseconds, doubled after each (with jitter): default 500. */
  readonly baseDelayMs: number;
  /** Longest wait, `Retry-After` included: default 30 seconds. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Statuses worth another try: throttling, and the server's own failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), if it is readable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry `attempt` (1 for the first): exponential, with full jitter, or what the server asked for. */
export function backoffMs(policy: RetryPolicy, attempt: number, asked?: number, random = Math.random): number {
  if (asked !== undefined) return Math.min(policy.maxDelayMs, asked);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An attempt's failure that may be tried again, after `retryAfterMs` when the server said. */
export class RetryableError extends UploadError {
  constructor(code: string, message: string, status: number, public readonly retryAfter?: number, options?: { cause?: unknown }) {
    super(code, message, status, options);
  }
}

/**
 * Runs `attempt` until it succeeds, throws anything but a RetryableError, or
 * has failed `policy.retries + 1` times; waits between tries.
 */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: (tries: number) => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await attempt(tries);
    } catch (error) {
      if (!(error instanceof RetryableError) || tries > policy.retries) {
        throw error instanceof RetryableError ? new UploadError(error.code, error.message, error.status, { cause: error.cause }) : error;
      }
      await sleep(backoffMs(policy, tries, error.retryAfter), signal);
    }
  }
}
