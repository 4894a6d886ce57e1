/**
 * Quota counting, the handler's one port to the network: the limits, which
 * counters a call takes, taking them in DynamoDB, and the refusal's words.
 * Opened on the first call that counts; a function without quotas never
 * opens it, so never loads `node:https`.
 */
import { DynamoDbClient, dynamoDbEndpoint } from './dynamodb-client';
import { DynamoDbQuotaCounters } from './dynamodb-quota-counters';
import { readQuotaLimits } from './quota-config';
import { quotaCounts, takeQuota, type QuotaCounters, type QuotaUsage } from './quota-counts';
import { quotaRefusal, quotaUnavailable } from './quota-refusal';
import type { QuotaSubject } from './quota-subjects';
import type { SigningCredentials } from '../sigv4/object-request-signer';
import { SigningKeyCache } from '../sigv4/sigv4';

/** What the port needs to know: where the table is, the limits as written, and how to sign. */
export interface QuotaPortOptions {
  readonly region: string;
  readonly urlSuffix: string;
  /** `AWS_ENDPOINT_URL_DYNAMODB`, when set. */
  readonly endpointOverride?: string;
  readonly table: string;
  /** `UPLOAD_QUOTA_LIMITS`, unparsed. */
  readonly limitsJson: string;
  /** The largest upload, which each byte limit must hold. */
  readonly maxBytes: number;
  readonly credentials: () => SigningCredentials;
}

/**
 * A call counted against its quotas, or, when the counters could not answer
 * and the quotas fail open, let through uncounted, with the reason.
 */
export type QuotaTaken =
  | { readonly outcome: 'counted' }
  | { readonly outcome: 'failedOpen'; readonly cause: unknown };

/** The quotas of one function: its limits, and its counters over one keep-alive connection pool. */
export interface QuotaPort {
  /**
   * Counts one call of `subjects` (see `quotaSubjects`) that adds `usage`,
   * at `nowSeconds`. Throws the refusal (a RequestError): 429 past a limit,
   * or 503 `QUOTA_UNAVAILABLE`, the cause attached, when the counters can't
   * answer and the quotas fail closed.
   */
  take(subjects: readonly QuotaSubject[], usage: QuotaUsage, nowSeconds: number): Promise<QuotaTaken>;
}

/**
 * Opens the port: reads the limits (throwing an Error that names every
 * problem when they are not what the construct writes) and makes the
 * counters. `counters` replaces DynamoDB's (tests).
 */
export function openQuotaPort(options: QuotaPortOptions, counters?: QuotaCounters): QuotaPort {
  const limits = readQuotaLimits(options.table, options.limitsJson, options.maxBytes);
  const endpoint = dynamoDbEndpoint(options.region, options.urlSuffix, options.endpointOverride);
  const tableCounters = counters
    ?? new DynamoDbQuotaCounters(new DynamoDbClient(endpoint, options.region, new SigningKeyCache()), options.table, options.credentials);
  return {
    async take(subjects, usage, nowSeconds) {
      const decision = await takeQuota(quotaCounts(subjects, usage, limits, nowSeconds), tableCounters);
      switch (decision.outcome) {
        case 'taken':
          return { outcome: 'counted' };
        case 'refused':
          throw quotaRefusal(decision.refused, limits, nowSeconds);
        case 'unavailable':
          if (limits.failOpen) return { outcome: 'failedOpen', cause: decision.cause };
          throw quotaUnavailable(decision.cause);
      }
    },
  };
}
