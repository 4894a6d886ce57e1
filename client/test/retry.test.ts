import { UploadError } from '../src/errors';
import { backoffMs, DEFAULT_RETRY_POLICY, isRetryableStatus, RetryableError, retryAfterMs, sleep, withRetries } from '../src/retry';

describe('retries', () => {
  test('throttling and the server\'s failures are worth another try; other refusals are not', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 412, 501].some(isRetryableStatus)).toBe(false);
  });

  test('Retry-After in seconds or as a date; nothing when unreadable', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs(' ')).toBeUndefined();
  });

  test('waits grow from the base, jittered within half to all of it, capped; a server\'s wish wins, capped too', () => {
    const policy = { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, undefined, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 1, 250)).toBe(250);
    expect(backoffMs(policy, 1, 60_000)).toBe(1000);
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 });
  });

  test('a retryable failure is tried again up to the limit, then surfaces as an UploadError with its code', async () => {
    const policy = { retries: 2, baseDelayMs: 1, maxDelayMs: 1 };
    let tries = 0;
    const error = await withRetries(policy, undefined, async () => {
      tries++;
      throw new RetryableError('SlowDown', 'busy', 503);
    }).catch((e) => e);
    expect(tries).toBe(3);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect([error.code, error.status]).toEqual(['SlowDown', 503]);
    tries = 0;
    expect(await withRetries(policy, undefined, async (n) => {
      tries++;
      if (n < 2) throw new RetryableError('NETWORK_ERROR', 'down', 0);
      return 'ok';
    })).toBe('ok');
    expect(tries).toBe(2);
  });

  test('any other failure is not tried again', async () => {
    let tries = 0;
    const error = await withRetries(DEFAULT_RETRY_POLICY, undefined, async () => {
      tries++;
      throw new UploadError('AccessDenied', 'no', 403);
    }).catch((e) => e);
    expect([tries, error.code]).toEqual([1, 'AccessDenied']);
  });

  test('an abort ends the wait at once, with ABORTED', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    const error = await waiting.catch((e) => e);
    expect([error.code, error.cause?.message]).toEqual(['ABORTED', 'stop']);
    expect((await withRetries(DEFAULT_RETRY_POLICY, controller.signal, async () => 'never').catch((e) => e)).code).toBe('ABORTED');
  });
});
