import type { PresignAnswer } from '../../shared/presign-contract';
import type { QuotaUsage } from '../quota/quota-counts';
import type { ObjectRequestSigner } from '../sigv4/object-request-signer';

// The answer's shape is the endpoint's contract, shared with the browser client.
export type { PresignAnswer, PresignedPartUrl } from '../../shared/presign-contract';

/**
 * A request that passed every check, not yet signed: what it adds to the
 * quota counters besides the call itself, and how it is signed once its
 * quota is taken.
 */
export interface CheckedRequest {
  readonly usage: QuotaUsage;
  readonly sign: (signer: ObjectRequestSigner) => PresignAnswer;
}
