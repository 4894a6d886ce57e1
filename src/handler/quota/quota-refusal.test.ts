import { quotaCounts, type QuotaLimits } from './quota-counts';
import { quotaRefusal, quotaUnavailable } from './quota-refusal';
import type { QuotaSubject } from './quota-subjects';

/** The subjects of one caller named `name` (see `quotaSubjects`). */
const callerNamed = (name: string): QuotaSubject[] => [{ name, whose: 'caller' }];

const LIMITS: QuotaLimits = {
  table: 'quotas',
  requestsPerCaller: 5,
  requestWindowSeconds: 60,
  uploadsPerCaller: 3,
  bytesPerCaller: 1000,
  usageWindowSeconds: 86_400,
  bytesPerDay: 5000,
  failOpen: false,
};
// 2026-11-29T12:34:56Z
const NOW = Date.UTC(2026, 10, 29, 12, 34, 56) / 1000;

describe('quotaRefusal', () => {
  const [own, endpoint] = quotaCounts(callerNamed('c1'), { uploads: 1, bytes: 1536 }, { ...LIMITS, bytesPerCaller: 10 * 2 ** 30, bytesPerDay: 500 * 2 ** 30 }, NOW);

  test.each([
    [own[0], 'RATE_LIMITED', 'This caller has made the 5 presign requests allowed per 1 minute; it resets at 2026-11-29T12:35:00.000Z, in 4 seconds.', 4],
    [own[1], 'UPLOAD_QUOTA_EXCEEDED', 'This caller has started the 3 uploads allowed per 1 day; it resets at 2026-11-30T00:00:00.000Z, in about 12 hours.', 41104],
    [own[2], 'BYTE_QUOTA_EXCEEDED',
      'An upload of 1.5 KiB (1536 bytes) would take this caller past the 10 GiB allowed per 1 day; it resets at 2026-11-30T00:00:00.000Z, in about 12 hours.', 41104],
    [endpoint[0], 'DAILY_BUDGET_EXCEEDED',
      'An upload of 1.5 KiB (1536 bytes) would take this endpoint past the 500 GiB all callers may upload per UTC day; it resets at 2026-11-30T00:00:00.000Z, in about 12 hours.', 41104],
  ])('%#: 429 %s naming the limit and when it resets, with Retry-After', (count, code, message, retryAfter) => {
    const error = quotaRefusal(count, { ...LIMITS, bytesPerCaller: 10 * 2 ** 30 }, NOW);
    expect([error.status, error.code, error.message, error.retryAfterSeconds]).toEqual([429, code, message, retryAfter]);
  });

  test('a limit of one is singular', () => {
    const one = { ...LIMITS, requestsPerCaller: 1, uploadsPerCaller: 1 };
    const [callerCounts] = quotaCounts(callerNamed('c1'), { uploads: 1, bytes: 1 }, one, NOW);
    expect(quotaRefusal(callerCounts[0], one, NOW).message).toMatch(/^This caller has made the 1 presign request allowed per 1 minute;/);
    expect(quotaRefusal(callerCounts[1], one, NOW).message).toMatch(/^This caller has started the 1 upload allowed per 1 day;/);
  });

  test('Retry-After is at least a second, rounded up', () => {
    expect(quotaRefusal({ ...own[0], resetsAt: NOW }, LIMITS, NOW).retryAfterSeconds).toBe(1);
    expect(quotaRefusal({ ...own[0], resetsAt: NOW + 2 }, LIMITS, NOW + 0.5).retryAfterSeconds).toBe(2);
  });
});

test('quotaUnavailable: 503 QUOTA_UNAVAILABLE, Retry-After 1, the cause kept for the log', () => {
  const cause = new Error('connect ECONNREFUSED');
  const error = quotaUnavailable(cause);
  expect([error.status, error.code, error.retryAfterSeconds, error.cause]).toEqual([503, 'QUOTA_UNAVAILABLE', 1, cause]);
  expect(error.message).toBe('Upload quotas could not be checked just now, so nothing was signed; try again in a moment.');
});

describe('a refusal by the counter of every guest at one address', () => {
  const guests: QuotaSubject[] = [{ name: 'g1', whose: 'caller' }, { name: 'ip', whose: 'guestsAtAddress' }];
  const [own] = quotaCounts(guests, { uploads: 1, bytes: 1536 }, LIMITS, NOW);

  test('names the guests of the address, not the caller', () => {
    const address = own.filter((count) => count.whose === 'guestsAtAddress');
    expect(address.map((count) => quotaRefusal(count, LIMITS, NOW).message)).toEqual([
      'Guest identities from this IP address have made the 5 presign requests allowed per 1 minute; it resets at 2026-11-29T12:35:00.000Z, in 4 seconds.',
      'Guest identities from this IP address have started the 3 uploads allowed per 1 day; it resets at 2026-11-30T00:00:00.000Z, in about 12 hours.',
      'An upload of 1.5 KiB (1536 bytes) would take guest identities from this IP address past the 1000 bytes allowed per 1 day; '
        + 'it resets at 2026-11-30T00:00:00.000Z, in about 12 hours.',
    ]);
    expect(own.filter((count) => count.whose === 'caller').map((count) => quotaRefusal(count, LIMITS, NOW).message.slice(0, 32))).toEqual([
      'This caller has made the 5 presi', 'This caller has started the 3 up', 'An upload of 1.5 KiB (1536 bytes',
    ]);
  });
});
