/**
 * Quota counting, the handler's one port to the network: the limits, which
 * counters a call takes, taking them in DynamoDB, and the refusal's words.
 * Bundled on its own (`dynamodb-quota-port.js` beside the handler's
 * `index.js`) and loaded only when quotas are on, so a function without
 * quotas never parses it or loads `node:https`. Only data and plain
 * functions cross between the two bundles, never a class that one side would
 * check with `instanceof`.
 */
import { DynamoDbClient, dynamoDbEndpoint } from './dynamodb-client';
import { DynamoDbQuotaCounters } from './dynamodb-quota-counters';
import { readQuotaLimits } from './quota-config';
import { quotaRefusal, quotaUnavailable } from './quota-refusal';
import type { ErrorCode, RequestError } from '../request-error';
import { quotaCounts, takeQuota, type QuotaCounters, type QuotaUsage } from './upload-quota';
import type { QuotaSubject } from '../caller/caller';
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

/** A refusal as data: what the handler answers. */
export interface QuotaRefusalAnswer {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/** What became of a call's quota (see `takeQuota`), with the refusal's answer. */
export type QuotaAnswer =
  | { readonly outcome: 'taken' }
  | { readonly outcome: 'refused'; readonly refusal: QuotaRefusalAnswer }
  | { readonly outcome: 'unavailable'; readonly refusal: QuotaRefusalAnswer; readonly cause: unknown };

/** The quotas of one function: its limits, and its counters over one keep-alive connection pool. */
export interface QuotaPort {
  /** Whether a call whose quota can't be checked is signed anyway. */
  readonly failOpen: boolean;
  /** Counts one call of `subjects` (see `quotaSubjects`) that adds `usage`, at `nowSeconds`. */
  take(subjects: readonly QuotaSubject[], usage: QuotaUsage, nowSeconds: number): Promise<QuotaAnswer>;
}

function answerOf(error: RequestError): QuotaRefusalAnswer {
  return { status: error.status, code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
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
    failOpen: limits.failOpen,
    async take(subjects, usage, nowSeconds) {
      const decision = await takeQuota(quotaCounts(subjects, usage, limits, nowSeconds), tableCounters);
      switch (decision.outcome) {
        case 'taken':
          return decision;
        case 'refused':
          return { outcome: 'refused', refusal: answerOf(quotaRefusal(decision.refused, limits, nowSeconds)) };
        case 'unavailable':
          return { outcome: 'unavailable', refusal: answerOf(quotaUnavailable(decision.cause)), cause: decision.cause };
      }
    },
  };
}
