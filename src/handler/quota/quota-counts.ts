import type { QuotaSubject } from './quota-subjects';
import type { QuotaLimitSettings } from '../../shared/quota-limits';

/** The limits of `UploadQuotas`, as the function reads them, and the table that counts them. */
export interface QuotaLimits extends QuotaLimitSettings {
  /** The DynamoDB table that holds the counters. */
  readonly table: string;
}

/** What one presign call adds to the counters besides itself: a new upload and its declared size, or nothing. */
export interface QuotaUsage {
  readonly uploads: number;
  readonly bytes: number;
}

/** The limits: a caller's calls, uploads and bytes, and the endpoint's bytes per day. */
export type QuotaKind = 'requests' | 'uploads' | 'bytes' | 'bytesPerDay';

/** One counter a call adds to: one item of the quota table, for one window. */
export interface QuotaCount {
  readonly kind: QuotaKind;
  /** Whom the counter stands for (`QuotaSubject`); the endpoint's day counts everyone's. */
  readonly whose: QuotaSubject['whose'] | 'endpoint';
  /** The item's key: the kind, the window's length, whose it is and which window. */
  readonly key: string;
  readonly amount: number;
  readonly limit: number;
  /** When the window ends (Unix seconds): the limit is lifted then, and the item expires (TTL). */
  readonly resetsAt: number;
}

const DAY_SECONDS = 86_400;


const ENDPOINT: { readonly name: string; readonly whose: 'endpoint' } = { name: 'endpoint', whose: 'endpoint' };

function count(kind: QuotaKind, owner: QuotaSubject | typeof ENDPOINT, amount: number, limit: number, windowSeconds: number,
  nowSeconds: number): QuotaCount {
  const window = Math.floor(nowSeconds / windowSeconds);
  return {
    kind, whose: owner.whose, key: `${kind}#${windowSeconds}#${owner.name}#${window}`, amount, limit, resetsAt: (window + 1) * windowSeconds,
  };
}

/**
 * The counters one call takes, in stages: first the caller's own, together
 * (the call, and for a new upload the upload and its bytes), for each of
 * its subjects (a guest has two, see `quotaSubjects`), then the endpoint's
 * bytes of the day. A caller over its own limits never touches the
 * endpoint's counter, so it can't hold back anyone else's uploads. Windows
 * are fixed and aligned to the Unix epoch: a day is a UTC day.
 */
export function quotaCounts(subjects: readonly QuotaSubject[], usage: QuotaUsage, limits: QuotaLimits, nowSeconds: number): QuotaCount[][] {
  const own = subjects.flatMap((subject) => {
    const counts = [count('requests', subject, 1, limits.requestsPerCaller, limits.requestWindowSeconds, nowSeconds)];
    if (usage.uploads === 0) return counts;
    counts.push(count('uploads', subject, usage.uploads, limits.uploadsPerCaller, limits.usageWindowSeconds, nowSeconds));
    counts.push(count('bytes', subject, usage.bytes, limits.bytesPerCaller, limits.usageWindowSeconds, nowSeconds));
    return counts;
  });
  if (usage.uploads === 0) return [own];
  return [own, [count('bytesPerDay', ENDPOINT, usage.bytes, limits.bytesPerDay, DAY_SECONDS, nowSeconds)]];
}

/**
 * The port to the counters (DynamoDB in the function, a map in tests). Each
 * method settles or throws before `signal` aborts.
 */
export interface QuotaCounters {
  /**
   * Adds `count.amount` to the counter in one atomic step, unless the sum
   * would pass `count.limit`: true when added, false when refused. Throws
   * when it can't tell.
   */
  add(count: QuotaCount, signal: AbortSignal): Promise<boolean>;
  /** Takes `count.amount` back from the counter, after the call was refused on another one. */
  takeBack(count: QuotaCount, signal: AbortSignal): Promise<void>;
}

/** How long the counters may take: to answer, then to take back what a refused call added. */
export interface QuotaDeadlines {
  readonly answerMs: number;
  readonly takeBackMs: number;
}

/** At most a second in all before the call is answered. */
export const QUOTA_DEADLINES: QuotaDeadlines = { answerMs: 800, takeBackMs: 200 };

/**
 * What became of a call's quota: every counter taken; refused by one
 * counter (the first that refused); or unknown, because the counters failed
 * or did not answer in time (the first cause).
 */
export type QuotaDecision =
  | { readonly outcome: 'taken' }
  | { readonly outcome: 'refused'; readonly refused: QuotaCount }
  | { readonly outcome: 'unavailable'; readonly cause: unknown };

/**
 * Takes every counter of a call, stage by stage (see `quotaCounts`), or none:
 * when one counter refuses, or the counters fail or don't answer by the
 * deadline, what the others added is taken back, so a call that is not
 * signed consumes nothing. Within a stage a refusal wins over a failure: a
 * counter that said no is a definite answer (429 with its `Retry-After`),
 * which no failure of another counter may turn into a signature, even where
 * the quotas fail open. A take-back that fails is logged: the counter then
 * stays high until its window ends, which refuses too much, never too
 * little.
 */
export async function takeQuota(stages: QuotaCount[][], counters: QuotaCounters,
  deadlines: QuotaDeadlines = QUOTA_DEADLINES): Promise<QuotaDecision> {
  const taken: QuotaCount[] = [];
  const signal = AbortSignal.timeout(deadlines.answerMs);
  for (const stage of stages) {
    const results = await Promise.allSettled(stage.map((c) => counters.add(c, signal)));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled' && result.value) taken.push(stage[i]);
    });
    const refused = results.findIndex((result) => result.status === 'fulfilled' && !result.value);
    const failed = results.find((result) => result.status === 'rejected');
    const decision: QuotaDecision | undefined = refused >= 0
      ? { outcome: 'refused', refused: stage[refused] }
      : failed === undefined ? undefined : { outcome: 'unavailable', cause: failed.reason };
    if (decision !== undefined) {
      await takeBack(taken, counters, deadlines.takeBackMs);
      return decision;
    }
  }
  return { outcome: 'taken' };
}

async function takeBack(taken: QuotaCount[], counters: QuotaCounters, deadlineMs: number): Promise<void> {
  if (taken.length === 0) return;
  const signal = AbortSignal.timeout(deadlineMs);
  const results = await Promise.allSettled(taken.map((c) => counters.takeBack(c, signal)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      console.error(`Quota counter ${taken[i].key} keeps ${taken[i].amount} it should have given back:`, result.reason);
    }
  });
}
