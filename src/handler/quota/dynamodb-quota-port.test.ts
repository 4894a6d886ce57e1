import { openQuotaPort, type QuotaPortOptions } from './dynamodb-quota-port';
import type { QuotaCount, QuotaCounters } from './quota-counts';
import type { QuotaSubject } from './quota-subjects';
import { RequestError } from '../request-error';

/** What the handler answers and logs of a refusal. */
const fieldsOf = (e: RequestError) => ({
  status: e.status, code: e.code, message: e.message, retryAfterSeconds: e.retryAfterSeconds, cause: e.cause,
});

/** The RequestError `taking` rejects with; fails the test when it resolves or rejects with anything else. */
async function refusalOf(taking: Promise<unknown>): Promise<RequestError> {
  const error = await taking.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error;
}

/** The subjects of one caller named `name` (see `quotaSubjects`). */
const callerNamed = (name: string): QuotaSubject[] => [{ name, whose: 'caller' }];

const LIMITS = {
  requestsPerCaller: 2,
  requestWindowSeconds: 60,
  uploadsPerCaller: 5,
  bytesPerCaller: 1000,
  usageWindowSeconds: 86_400,
  bytesPerDay: 5000,
  failOpen: false,
};
const OPTIONS: QuotaPortOptions = {
  region: 'eu-west-1',
  urlSuffix: 'amazonaws.com',
  table: 'counters',
  limitsJson: JSON.stringify(LIMITS),
  maxBytes: 100,
  credentials: () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret' }),
};
// 2026-11-29T23:59:30Z: 30 s before the day ends.
const NOW = Date.UTC(2026, 10, 29, 23, 59, 30) / 1000;

/** Counters in a map; `fail` makes every add throw. */
function mapCounters(fail?: Error): QuotaCounters & { used: Map<string, number> } {
  const used = new Map<string, number>();
  return {
    used,
    async add(count: QuotaCount) {
      if (fail) throw fail;
      const total = (used.get(count.key) ?? 0) + count.amount;
      if (total > count.limit) return false;
      used.set(count.key, total);
      return true;
    },
    async takeBack(count: QuotaCount) {
      used.set(count.key, (used.get(count.key) ?? 0) - count.amount);
    },
  };
}

test('refuses, when opened, limits the construct would not write', () => {
  expect(() => openQuotaPort({ ...OPTIONS, maxBytes: 1001 }, mapCounters()))
    .toThrow('Presign function misconfigured: UPLOAD_QUOTA_LIMITS field "bytesPerCaller" is 1000, less than one upload of UPLOAD_MAX_BYTES="1001".');
});

test('a call within the limits is counted; past one, the refusal is thrown: status, code, words, Retry-After', async () => {
  const port = openQuotaPort(OPTIONS, mapCounters());
  expect(await port.take(callerNamed('c1'), { uploads: 1, bytes: 10 }, NOW)).toEqual({ outcome: 'counted' });
  expect(await port.take(callerNamed('c1'), { uploads: 0, bytes: 0 }, NOW)).toEqual({ outcome: 'counted' });
  const refusal = await refusalOf(port.take(callerNamed('c1'), { uploads: 0, bytes: 0 }, NOW));
  expect(refusal).toBeInstanceOf(RequestError);
  expect(fieldsOf(refusal)).toEqual({
    status: 429,
    code: 'RATE_LIMITED',
    message: 'This caller has made the 2 presign requests allowed per 1 minute; it resets at 2026-11-30T00:00:00.000Z, in 30 seconds.',
    retryAfterSeconds: 30,
    cause: undefined,
  });
});

test('counters that fail: 503 QUOTA_UNAVAILABLE with the cause for the log, or, failing open, let through with the cause', async () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:8000');
  const refusal = await refusalOf(openQuotaPort(OPTIONS, mapCounters(cause)).take(callerNamed('c1'), { uploads: 1, bytes: 10 }, NOW));
  expect(fieldsOf(refusal)).toEqual({
    status: 503,
    code: 'QUOTA_UNAVAILABLE',
    message: 'Upload quotas could not be checked just now, so nothing was signed; try again in a moment.',
    retryAfterSeconds: 1,
    cause,
  });
  const failOpen = openQuotaPort({ ...OPTIONS, limitsJson: JSON.stringify({ ...LIMITS, failOpen: true }) }, mapCounters(cause));
  expect(await failOpen.take(callerNamed('c1'), { uploads: 1, bytes: 10 }, NOW)).toEqual({ outcome: 'failedOpen', cause });
});

test('without a replacement, the counters are DynamoDB\'s at the region\'s endpoint', async () => {
  // Nothing listens on port 9 of this machine's loopback: the DynamoDB counters fail, so the call is refused.
  const port = openQuotaPort({ ...OPTIONS, endpointOverride: 'http://127.0.0.1:9' });
  const refusal = await refusalOf(port.take(callerNamed('c1'), { uploads: 0, bytes: 0 }, NOW));
  expect(refusal.code).toBe('QUOTA_UNAVAILABLE');
  // The cause is the socket's error (its errno is the platform's), not an answer of DynamoDB.
  expect(refusal.cause).toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/) });
});
