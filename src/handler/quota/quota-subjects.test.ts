import { quotaSubjects } from './quota-subjects';
import { requestErrorOf } from '../../../test/request-error-of';
import { callerSegment } from '../caller/caller';

describe('quotaSubjects', () => {
  const CALLER_KEY = Buffer.from('q'.repeat(64));

  test('a caller is its key segment', () => {
    const segment = callerSegment('alice', CALLER_KEY);
    expect(quotaSubjects({ callerSegment: segment, sourceIp: '198.51.100.7', guest: false }, CALLER_KEY))
      .toEqual([{ name: segment, whose: 'caller' }]);
  });

  test('a guest is its identity and, beside it, every guest from its source IP', () => {
    const g1 = callerSegment('eu-west-1:g1', CALLER_KEY);
    const subjects = quotaSubjects({ callerSegment: g1, sourceIp: '198.51.100.7', guest: true }, CALLER_KEY);
    expect(subjects).toEqual([
      { name: g1, whose: 'caller' },
      { name: callerSegment('guests at 198.51.100.7', CALLER_KEY), whose: 'guestsAtAddress' },
    ]);
    // Another guest identity from the same address shares the second subject.
    const g2 = callerSegment('eu-west-1:g2', CALLER_KEY);
    expect(quotaSubjects({ callerSegment: g2, sourceIp: '198.51.100.7', guest: true }, CALLER_KEY)[1]).toEqual(subjects[1]);
    expect(subjects[1].name).not.toBe(callerSegment('ip 198.51.100.7', CALLER_KEY));
  });

  test('a guest without a source IP is refused: 403 MISSING_CALLER', () => {
    const error = requestErrorOf(() => quotaSubjects({ callerSegment: callerSegment('eu-west-1:g1', CALLER_KEY), guest: true }, CALLER_KEY));
    expect([error.status, error.code, error.message]).toEqual([403, 'MISSING_CALLER', 'The request has no source IP address to count a guest\'s quotas by.']);
  });

  test('without keys per caller, the source IP', () => {
    expect(quotaSubjects({ sourceIp: '198.51.100.7', guest: false }, CALLER_KEY))
      .toEqual([{ name: callerSegment('ip 198.51.100.7', CALLER_KEY), whose: 'caller' }]);
    const error = requestErrorOf(() => quotaSubjects({ sourceIp: '', guest: false }, CALLER_KEY));
    expect([error.status, error.code, error.message]).toEqual([403, 'MISSING_CALLER', 'The request has no source IP address to count its quotas by.']);
  });
});
