import { callerSegment } from '../caller/caller';
import { RequestError } from '../request-error';

/** Whose quota counters a call adds to: an opaque name, and whom it stands for (the refusal's words). */
export interface QuotaSubject {
  /** The name in the counters' keys: a keyed hash, so the quota table holds no caller and no address. */
  readonly name: string;
  /** `caller`: one caller (or, with `PresignAuth.none()`, one source IP); `guestsAtAddress`: every guest identity from one source IP. */
  readonly whose: 'caller' | 'guestsAtAddress';
}

/** Where a call comes from, as far as its quotas go. */
export interface QuotaOrigin {
  /** The caller's key segment (`CallerIdentity`), where keys are per caller. */
  readonly callerSegment?: string;
  /** The client's source IP address, as API Gateway saw it. */
  readonly sourceIp?: string;
  /** Signed with a Cognito identity pool's guest credentials (`isGuest`). */
  readonly guest: boolean;
}

function sourceIpOf(origin: QuotaOrigin, whose: string): string {
  if (!origin.sourceIp) {
    throw new RequestError(403, 'MISSING_CALLER', `The request has no source IP address to count ${whose} quotas by.`);
  }
  return origin.sourceIp;
}

/**
 * Whose quota counters a call adds to. Where keys are per caller, the
 * caller's key segment, made once per call by `identifyCaller`; a guest is counted by its source IP too, with the
 * same limits, so that minting new guest identities gains nothing (guests
 * behind one NAT share those limits). Otherwise (`PresignAuth.none()`), the
 * client's source IP. Every name is a keyed hash, so the quota table holds
 * no caller and no address.
 */
export function quotaSubjects(origin: QuotaOrigin, callerKey: Buffer): QuotaSubject[] {
  if (origin.callerSegment === undefined) {
    return [{ name: callerSegment(`ip ${sourceIpOf(origin, 'its')}`, callerKey), whose: 'caller' }];
  }
  const caller: QuotaSubject = { name: origin.callerSegment, whose: 'caller' };
  if (!origin.guest) return [caller];
  return [caller, { name: callerSegment(`guests at ${sourceIpOf(origin, 'a guest\'s')}`, callerKey), whose: 'guestsAtAddress' }];
}
