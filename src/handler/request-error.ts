import type { RefusalCode } from '../shared/refusal-code';

/** The code of a refusal, as the handler writes it: one of RefusalCode's values (src/shared/refusal-code.ts). */
export type ErrorCode = `${RefusalCode}`;

/** What some refusals carry besides a status, a code and a message. */
export interface RequestErrorOptions {
  /** When to ask again, in seconds: sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  /** What went wrong underneath, for the log (never sent). */
  readonly cause?: unknown;
}

/**
 * A refusal: the request is answered with `status` (a 4xx, or 503 when the
 * quota counters can't answer) and nothing is signed.
 */
export class RequestError extends Error {
  /** When to ask again, in seconds (`Retry-After`). */
  public readonly retryAfterSeconds?: number;

  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    options: RequestErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RequestError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
