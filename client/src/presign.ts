import { abortError, UploadError } from './errors.js';
import { isRetryableStatus, RetryableError, retryAfterMs, type RetryPolicy, withRetries } from './retry.js';
import type { PresignAnswer, PresignRefusal, PresignRequestBody } from '../../src/shared/presign-contract.js';

/** Sends a presign call: `fetch`, or one that adds authentication (a bearer token, a SigV4 signature). */
export type PresignFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Reads the JSON of `response`, or undefined when it has none. */
async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isRefusal(value: unknown): value is PresignRefusal {
  return typeof value === 'object' && value !== null && typeof (value as PresignRefusal).code === 'string';
}

/**
 * Calls the presign endpoint: one POST with the body as JSON, tried again on
 * network errors, 429, 503 and other 5xx (honouring `Retry-After`), and
 * refused with the endpoint's code otherwise.
 */
export class Presigner {
  constructor(
    public readonly endpointUrl: string,
    public readonly fetcher: PresignFetch,
    private readonly retry: RetryPolicy,
    private readonly signal: AbortSignal | undefined,
  ) {}

  public presign(body: PresignRequestBody): Promise<PresignAnswer> {
    return withRetries(this.retry, this.signal, async () => {
      let response: Response;
      try {
        response = await this.fetcher(this.endpointUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: this.signal,
        });
      } catch (error) {
        if (this.signal?.aborted) throw abortError(this.signal);
        throw new RetryableError('NETWORK_ERROR', `The presign endpoint could not be reached: ${String(error)}`, 0, undefined, { cause: error });
      }
      const answer = await jsonOf(response);
      if (response.ok) {
        if (typeof answer !== 'object' || answer === null || typeof (answer as PresignAnswer).url !== 'string') {
          throw new UploadError('BAD_ANSWER', `The presign endpoint answered ${response.status} without a URL.`, response.status);
        }
        return answer as PresignAnswer;
      }
      const code = isRefusal(answer) ? answer.code : `HTTP_${response.status}`;
      const message = isRefusal(answer) && typeof answer.message === 'string' ? answer.message : `The presign endpoint answered ${response.status}.`;
      if (isRetryableStatus(response.status)) {
        throw new RetryableError(code, message, response.status, retryAfterMs(response.headers.get('retry-after')));
      }
      throw new UploadError(code, message, response.status);
    });
  }
}
