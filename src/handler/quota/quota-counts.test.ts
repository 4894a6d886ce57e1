import { quotaCounts, takeQuota, type QuotaCount, type QuotaCounters, type QuotaDecision, type QuotaLimits } from './quota-counts';
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

/** Counters in a map, each add atomic (JavaScript runs one at a time), as the port promises. */
class MapCounters implements QuotaCounters {
  public readonly used = new Map<string, number>();
  public failOn?: (count: QuotaCount) => boolean;
  public failTakeBack = false;

  public async add(count: QuotaCount): Promise<boolean> {
    if (this.failOn?.(count)) throw new Error(`counter ${count.kind} unreachable`);
    const used = this.used.get(count.key) ?? 0;
    if (used + count.amount > count.limit) return false;
    this.used.set(count.key, used + count.amount);
    return true;
  }

  public async takeBack(count: QuotaCount): Promise<void> {
    if (this.failTakeBack) throw new Error('take-back failed');
    this.used.set(count.key, (this.used.get(count.key) ?? 0) - count.amount);
  }

  public usedOf(kind: string): number[] {
    return [...this.used].filter(([key]) => key.startsWith(`${kind}#`)).map(([, used]) => used);
  }
}

/** The kind of counter that refused the call, or the outcome when none did. */
function refusedKind(decision: QuotaDecision): string {
  return decision.outcome === 'refused' ? decision.refused.kind : decision.outcome;
}

describe('quotaCounts', () => {
  test('a step counts the call alone, in the caller\'s request window', () => {
    expect(quotaCounts(callerNamed('c1'), { uploads: 0, bytes: 0 }, LIMITS, NOW)).toEqual([[
      { kind: 'requests', whose: 'caller', key: `requests#60#c1#${Math.floor(NOW / 60)}`, amount: 1, limit: 5, resetsAt: Date.UTC(2026, 10, 29, 12, 35) / 1000 },
    ]]);
  });

  test('a new upload counts the call, the upload and its bytes, then the endpoint\'s UTC day', () => {
    const day = Math.floor(NOW / 86_400);
    const [own, endpoint] = quotaCounts(callerNamed('c1'), { uploads: 1, bytes: 700 }, LIMITS, NOW);
    expect(own.map((c) => [c.kind, c.key, c.amount, c.limit])).toEqual([
      ['requests', `requests#60#c1#${Math.floor(NOW / 60)}`, 1, 5],
      ['uploads', `uploads#86400#c1#${day}`, 1, 3],
      ['bytes', `bytes#86400#c1#${day}`, 700, 1000],
    ]);
    expect(own[2].resetsAt).toBe(Date.UTC(2026, 10, 30) / 1000);
    expect(endpoint).toEqual([{ kind: 'bytesPerDay', whose: 'endpoint', key: `bytesPerDay#86400#endpoint#${day}`, amount: 700, limit: 5000, resetsAt: Date.UTC(2026, 10, 30) / 1000 }]);
  });

  test('the endpoint\'s day is a UTC day whatever the caller window', () => {
    const [, endpoint] = quotaCounts(callerNamed('c1'), { uploads: 1, bytes: 1 }, { ...LIMITS, usageWindowSeconds: 3600 }, NOW);
    expect(endpoint[0].resetsAt).toBe(Date.UTC(2026, 10, 30) / 1000);
  });

  test('a window starts at a multiple of its length and its last second still belongs to it', () => {
    const start = Date.UTC(2026, 10, 29, 12, 35) / 1000;
    expect(quotaCounts(callerNamed('c1'), { uploads: 0, bytes: 0 }, LIMITS, start)[0][0].resetsAt).toBe(start + 60);
    expect(quotaCounts(callerNamed('c1'), { uploads: 0, bytes: 0 }, LIMITS, start - 1)[0][0].resetsAt).toBe(start);
  });
});

describe('quotaCounts of a guest: its identity and its address, each with the caller limits', () => {
  const guest: QuotaSubject[] = [{ name: 'g1', whose: 'caller' }, { name: 'ip1', whose: 'guestsAtAddress' }];

  test('a new upload takes the three counters of each in the first stage, then the endpoint\'s day', () => {
    const [own, endpoint] = quotaCounts(guest, { uploads: 1, bytes: 700 }, LIMITS, NOW);
    expect(own.map((c) => [c.kind, c.whose, c.key.split('#')[2], c.limit])).toEqual([
      ['requests', 'caller', 'g1', 5], ['uploads', 'caller', 'g1', 3], ['bytes', 'caller', 'g1', 1000],
      ['requests', 'guestsAtAddress', 'ip1', 5], ['uploads', 'guestsAtAddress', 'ip1', 3], ['bytes', 'guestsAtAddress', 'ip1', 1000],
    ]);
    expect(endpoint.map((c) => c.whose)).toEqual(['endpoint']);
    expect(quotaCounts(guest, { uploads: 0, bytes: 0 }, LIMITS, NOW).map((stage) => stage.map((c) => c.key.split('#')[2]))).toEqual([['g1', 'ip1']]);
  });

  test('fresh identities from one address share its counters: the fourth upload is refused by the address', async () => {
    const counters = new MapCounters();
    const from = (identity: string) => quotaCounts([{ name: identity, whose: 'caller' }, guest[1]], { uploads: 1, bytes: 1 }, LIMITS, NOW);
    for (const identity of ['g1', 'g2', 'g3']) expect(await takeQuota(from(identity), counters)).toEqual({ outcome: 'taken' });
    const refused = await takeQuota(from('g4'), counters);
    expect(refused).toEqual({ outcome: 'refused', refused: from('g4')[0][4] });
    // g4's own counters were given back.
    expect(counters.used.get(from('g4')[0][0].key)).toBe(0);
  });
});

describe('takeQuota', () => {
  const newUpload = (bytes: number, subject = 'c1', now = NOW) => quotaCounts(callerNamed(subject), { uploads: 1, bytes }, LIMITS, now);
  const step = (subject = 'c1', now = NOW) => quotaCounts(callerNamed(subject), { uploads: 0, bytes: 0 }, LIMITS, now);

  test('takes every counter of an accepted call', async () => {
    const counters = new MapCounters();
    expect(await takeQuota(newUpload(400), counters)).toEqual({ outcome: 'taken' });
    expect([counters.usedOf('requests'), counters.usedOf('uploads'), counters.usedOf('bytes'), counters.usedOf('bytesPerDay')])
      .toEqual([[1], [1], [400], [400]]);
  });

  test('at a limit of N, exactly N of many concurrent calls are taken, and each refusal names the counter', async () => {
    const counters = new MapCounters();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => takeQuota(step(), counters)));
    expect(decisions.filter((d) => d.outcome === 'taken')).toHaveLength(5);
    expect(new Set(decisions.filter((d) => d.outcome !== 'taken').map(refusedKind))).toEqual(new Set(['requests']));
    expect(counters.usedOf('requests')).toEqual([5]);
  });

  test('the refusal carries the counter that refused, to name its limit and window', async () => {
    const counters = new MapCounters();
    await takeQuota(newUpload(600), counters);
    const decision = await takeQuota(newUpload(500), counters);
    expect(decision).toEqual({ outcome: 'refused', refused: newUpload(500)[0][2] });
  });

  test('a refused call consumes nothing: what its other counters took is given back', async () => {
    const counters = new MapCounters();
    await takeQuota(newUpload(600), counters);
    expect(refusedKind(await takeQuota(newUpload(500), counters))).toBe('bytes');
    expect([counters.usedOf('requests'), counters.usedOf('uploads'), counters.usedOf('bytes')]).toEqual([[1], [1], [600]]);
    expect(await takeQuota(newUpload(400), counters)).toEqual({ outcome: 'taken' }); // exactly the limit
    expect(counters.usedOf('bytes')).toEqual([1000]);
  });

  test('the endpoint\'s budget counts across callers, and its refusal gives the caller\'s counters back', async () => {
    const counters = new MapCounters();
    for (const subject of ['a', 'b', 'c', 'd', 'e']) await takeQuota(newUpload(1000, subject), counters);
    expect(refusedKind(await takeQuota(newUpload(1, 'f'), counters))).toBe('bytesPerDay');
    expect([...counters.used].filter(([key]) => key.includes('#f#')).map(([, used]) => used)).toEqual([0, 0, 0]);
    expect(counters.usedOf('bytesPerDay')).toEqual([5000]);
  });

  test('a caller over its own limit never touches the endpoint\'s counter', async () => {
    const counters = new MapCounters();
    const touched: string[] = [];
    counters.failOn = (count) => { touched.push(count.kind); return false; };
    for (let i = 0; i < 3; i++) await takeQuota(newUpload(1), counters);
    touched.length = 0;
    expect(refusedKind(await takeQuota(newUpload(1), counters))).toBe('uploads');
    expect(touched).toEqual(['requests', 'uploads', 'bytes']);
  });

  test('two callers don\'t share counters, and a new window starts afresh', async () => {
    const counters = new MapCounters();
    for (let i = 0; i < 5; i++) await takeQuota(step('a'), counters);
    expect(refusedKind(await takeQuota(step('a'), counters))).toBe('requests');
    expect(await takeQuota(step('b'), counters)).toEqual({ outcome: 'taken' });
    expect(await takeQuota(step('a', NOW + 60), counters)).toEqual({ outcome: 'taken' });
  });

  test('a counter that fails: unavailable with the cause, the others given back', async () => {
    const counters = new MapCounters();
    counters.failOn = (count) => count.kind === 'bytes';
    const decision = await takeQuota(newUpload(10), counters);
    expect(decision.outcome).toBe('unavailable');
    expect(String((decision as { cause: unknown }).cause)).toContain('counter bytes unreachable');
    expect([counters.usedOf('requests'), counters.usedOf('uploads')]).toEqual([[0], [0]]);
  });

  test('within a stage a refusal wins over a failure: the refusing counter is named, the others given back', async () => {
    const counters = new MapCounters();
    counters.failOn = (count) => count.kind === 'bytes';
    counters.used.set(newUpload(1)[0][1].key, 3); // the caller's uploads are used up
    expect(await takeQuota(newUpload(10), counters)).toEqual({ outcome: 'refused', refused: newUpload(10)[0][1] });
    expect(counters.usedOf('requests')).toEqual([0]);
    // Whichever counter of the stage fails, and in whatever order they answer.
    counters.failOn = (count) => count.kind === 'requests';
    expect(refusedKind(await takeQuota(newUpload(10), counters))).toBe('uploads');
    // A failure in the caller's stage still stops the call before the endpoint's counter.
    counters.used.clear();
    expect((await takeQuota(newUpload(10), counters)).outcome).toBe('unavailable');
    expect(counters.usedOf('bytesPerDay')).toEqual([]);
  });

  test('counters that don\'t answer by the deadline: unavailable once it passes', async () => {
    const silent: QuotaCounters = {
      add: (_count, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      takeBack: async () => undefined,
    };
    const started = Date.now();
    const decision = await takeQuota(step(), silent, { answerMs: 150, takeBackMs: 50 });
    expect(decision.outcome).toBe('unavailable');
    expect(String((decision as { cause: unknown }).cause)).toMatch(/TimeoutError/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a take-back that fails is logged, and the refusal stands', async () => {
    const counters = new MapCounters();
    for (let i = 0; i < 3; i++) await takeQuota(newUpload(1), counters);
    counters.failTakeBack = true;
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(refusedKind(await takeQuota(newUpload(1), counters))).toBe('uploads');
      expect(log.mock.calls.map((call) => call[0])).toEqual([
        expect.stringMatching(/^Quota counter requests#60#c1#\d+ keeps 1 it should have given back:$/),
        expect.stringMatching(/^Quota counter bytes#86400#c1#\d+ keeps 1 it should have given back:$/),
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
