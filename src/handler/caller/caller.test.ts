import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { CALLER_SEGMENT, callerSegment, encodeCaller, iamCaller, isGuest, MAX_ENCODED_CALLER_BYTES, callerKeyOf, identifyCaller } from './caller';
import { requestErrorOf } from '../../../test/request-error-of';

const ACCOUNT = '111122223333';
const ROLE_ID = 'AROA3XFRBF535EXAMPLE';

describe('iamCaller', () => {
  test('a role session is its role, whatever the session name: credentials refreshed by an SDK stay the same caller', () => {
    const sessions = ['aws-sdk-js-session-1764400000000', 'aws-sdk-js-session-1764403600000', 'botocore-session-1764400000', 'alice'];
    const callers = sessions.map((session) => iamCaller({
      userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/uploader-ci/${session}`,
      userId: `${ROLE_ID}:${session}`,
    }));
    expect(callers).toEqual(sessions.map(() => ROLE_ID));
  });

  test('two roles are two callers', () => {
    const other = iamCaller({ userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/reviewer/s`, userId: 'AROAOTHERROLE0000000:s' });
    expect(other).toBe('AROAOTHERROLE0000000');
    expect(other).not.toBe(ROLE_ID);
  });

  test('an IAM user is its unique id, not its name: a user made again under the same name is another caller', () => {
    expect(iamCaller({ userArn: `arn:aws:iam::${ACCOUNT}:user/ci/deployer`, userId: 'AIDAEXAMPLEEXAMPLE' })).toBe('AIDAEXAMPLEEXAMPLE');
    expect(iamCaller({ userArn: `arn:aws:iam::${ACCOUNT}:user/ci/deployer`, userId: 'AIDAANOTHEREXAMPLE' })).toBe('AIDAANOTHEREXAMPLE');
    expect(iamCaller({ userArn: `arn:aws-cn:iam::${ACCOUNT}:user/d`, userId: 'AIDAEXAMPLEEXAMPLE' })).toBe('AIDAEXAMPLEEXAMPLE');
  });

  test.each([
    ['no user id', undefined],
    ['a role\'s unique id', ROLE_ID],
    ['a lower-case id', 'aidaexampleexample'],
    ['an id with a suffix', 'AIDAEXAMPLEEXAMPLE:x'],
    ['an id too short', 'AIDAABC'],
  ])('an IAM user with %s: no stable caller', (_, userId) => {
    expect(iamCaller({ userArn: `arn:aws:iam::${ACCOUNT}:user/deployer`, userId })).toBeUndefined();
  });

  test('the root user is its ARN, which nobody chooses', () => {
    expect(iamCaller({ userArn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT })).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  test('a federated user is refused with 403 FEDERATED_USER: whoever mints the token names it', () => {
    for (const userArn of [`arn:aws:sts::${ACCOUNT}:federated-user/alice`, `arn:aws-us-gov:sts::${ACCOUNT}:federated-user/a`]) {
      const error = requestErrorOf(() => iamCaller({ userArn, userId: `${ACCOUNT}:alice` }));
      expect([error.status, error.code]).toEqual([403, 'FEDERATED_USER']);
    }
  });

  test('any other principal is no caller', () => {
    for (const userArn of [`arn:aws:iam::${ACCOUNT}:group/g`, `arn:aws:iam::${ACCOUNT}:root/x`, `arn:aws:iam::${ACCOUNT}:role/r`, 'anonymous']) {
      expect(iamCaller({ userArn, userId: 'AIDAEXAMPLEEXAMPLE' })).toBeUndefined();
    }
  });

  test('a Cognito identity pool\'s credentials are the identity, not the pool\'s role', () => {
    expect(iamCaller({
      userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Cognito_Authenticated/CognitoIdentityCredentials`,
      userId: `${ROLE_ID}:CognitoIdentityCredentials`,
      cognitoIdentity: { identityId: 'eu-west-1:1a2b3c4d-0000-4000-8000-000000000001' },
    })).toBe('eu-west-1:1a2b3c4d-0000-4000-8000-000000000001');
  });

  test('other partitions are recognized', () => {
    expect(iamCaller({ userArn: `arn:aws-cn:sts::${ACCOUNT}:assumed-role/r/s`, userId: `${ROLE_ID}:s` })).toBe(ROLE_ID);
    expect(iamCaller({ userArn: `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/r/s`, userId: `${ROLE_ID}:s` })).toBe(ROLE_ID);
  });

  test.each([
    ['no context', undefined],
    ['no ARN', { userId: `${ROLE_ID}:s` }],
    ['an empty ARN', { userArn: '', userId: `${ROLE_ID}:s` }],
    ['a role session without its user id', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s` }],
    ['a role session whose user id is not a role\'s unique id', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: 'AIDAEXAMPLE:s' }],
    ['a role session whose user id has no session', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: ROLE_ID }],
    ['a role session whose user id has an empty session', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: `${ROLE_ID}:` }],
    ['a role session whose user id is lower case', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: 'aroa3xfrbf535example:s' }],
    ['a role session whose user id is a number', { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: 42 }],
    ['an empty identity id and no ARN', { cognitoIdentity: { identityId: '' } }],
  ])('%s: no stable caller', (_, context) => {
    expect(iamCaller(context as any)).toBeUndefined();
  });

  test('a role\'s unique id is AROA and 4 to 124 upper-case letters and digits', () => {
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`;
    expect(iamCaller({ userArn: arn, userId: 'AROAABCD:s' })).toBe('AROAABCD');
    expect(iamCaller({ userArn: arn, userId: 'AROAABC:s' })).toBeUndefined();
    expect(iamCaller({ userArn: arn, userId: `AROA${'A'.repeat(124)}:s` })).toBe(`AROA${'A'.repeat(124)}`);
    expect(iamCaller({ userArn: arn, userId: `AROA${'A'.repeat(125)}:s` })).toBeUndefined();
    expect(iamCaller({ userArn: arn, userId: 'xAROAABCD:s' })).toBeUndefined();
  });

  test('an ARN that merely looks like a role session, an IAM user or the root user is no caller', () => {
    // A path after the session, or a session ARN of another service, is not STS's role-session form.
    for (const userArn of [`arn:aws:sts::${ACCOUNT}:assumed-role/r/s/x`, `arn:aws:iam::${ACCOUNT}:assumed-role/r/s`, 'arn:aws:sts::1:assumed-role/r/s',
      `xarn:aws:sts::${ACCOUNT}:assumed-role/r/s`]) {
      expect(iamCaller({ userArn, userId: `${ROLE_ID}:s` })).toBeUndefined();
    }
    for (const userArn of [`arn:aws:iam::${ACCOUNT}:user/`, `arn:aws:sts::${ACCOUNT}:user/u`, 'arn:aws:iam::1:user/u', `xarn:aws:iam::${ACCOUNT}:user/u`,
      `arn:aws:iam::${ACCOUNT}:rootx`, `xarn:aws:iam::${ACCOUNT}:root`, 'arn:aws:iam::1:root']) {
      expect(iamCaller({ userArn, userId: 'AIDAEXAMPLEEXAMPLE' })).toBeUndefined();
    }
    for (const userArn of [`arn:aws:iam::${ACCOUNT}:federated-user/a`, `xarn:aws:sts::${ACCOUNT}:federated-user/a`]) {
      expect(iamCaller({ userArn, userId: 'x' })).toBeUndefined();
    }
  });

  test('a guest is an identity whose amr does not say authenticated', () => {
    const identity = (amr: unknown) => ({ cognitoIdentity: { identityId: 'eu-west-1:1a2b3c4d-0000-4000-8000-000000000001', amr } });
    expect(isGuest(identity(['unauthenticated']))).toBe(true);
    expect(isGuest(identity(undefined))).toBe(true);
    expect(isGuest(identity('authenticated'))).toBe(true);
    expect(isGuest(identity([]))).toBe(true);
    expect(isGuest(identity(['authenticated', 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc']))).toBe(false);
    expect(isGuest({ cognitoIdentity: { identityId: '', amr: ['unauthenticated'] } })).toBe(false);
    expect(isGuest({ cognitoIdentity: null, userArn: `arn:aws:iam::${ACCOUNT}:root` })).toBe(false);
    expect(isGuest(undefined)).toBe(false);
  });
});

describe('callerSegment', () => {
  const KEY = Buffer.from('k'.repeat(64));

  test('is 128 bits of HMAC-SHA256 in lower-case hex', () => {
    // HMAC-SHA256("kkkk…", "auth0|42"), first 16 bytes, computed independently of the code under test.
    const expected = createHmac('sha256', KEY).update('auth0|42').digest().subarray(0, 16).toString('hex');
    expect(callerSegment('auth0|42', KEY)).toBe(expected);
    expect(callerSegment('auth0|42', KEY)).toMatch(CALLER_SEGMENT);
  });

  test('the same caller gets the same segment; another key gives another one, so deployments do not share segments', () => {
    expect(callerSegment(ROLE_ID, KEY)).toBe(callerSegment(ROLE_ID, Buffer.from('k'.repeat(64))));
    expect(callerSegment(ROLE_ID, KEY)).not.toBe(callerSegment(ROLE_ID, Buffer.from('j'.repeat(64))));
  });

  test('reveals nothing of the caller: no part of it appears in the segment', () => {
    for (const caller of ['jane.doe@example.com', `arn:aws:iam::${ACCOUNT}:user/jane`, ROLE_ID]) {
      const segment = callerSegment(caller, KEY);
      expect(segment).toMatch(CALLER_SEGMENT);
      expect(caller.toLowerCase()).not.toContain(segment.slice(0, 6));
    }
  });

  test('property: distinct callers get distinct segments', () => {
    fc.assert(fc.property(fc.fullUnicodeString({ maxLength: 24 }), fc.fullUnicodeString({ maxLength: 24 }), (a, b) => {
      fc.pre(a !== b);
      expect(callerSegment(a, KEY)).not.toBe(callerSegment(b, KEY));
    }), { numRuns: 2000 });
  });

  test('refuses a caller that is not well-formed text, which UTF-8 would merge with others', () => {
    for (const caller of ['\ud800', 'a\udc00']) {
      const error = requestErrorOf(() => callerSegment(caller, KEY));
      expect([error.status, error.code]).toEqual([403, 'INVALID_CALLER']);
    }
    // U+FFFD itself is an ordinary character.
    expect(callerSegment('\ufffd', KEY)).toMatch(CALLER_SEGMENT);
  });
});

describe('encodeCaller', () => {
  test('escapes a byte below 0x10 with two digits', () => {
    expect(encodeCaller('a\tb')).toBe('a~09b');
  });

  test('keeps safe characters and escapes the rest as ~XX bytes', () => {
    expect(encodeCaller('3f1c9a2e-1b2c-4d5e-8f90-123456789abc')).toBe('3f1c9a2e-1b2c-4d5e-8f90-123456789abc');
    expect(encodeCaller('auth0|abc')).toBe('auth0~7Cabc');
    expect(encodeCaller('a.b')).toBe('a~2Eb');
    expect(encodeCaller('é')).toBe('~C3~A9');
  });

  test('refuses a caller that is not well-formed UTF-16, so no two callers share an encoding', () => {
    // UTF-8 cannot carry a lone surrogate: encoding it would turn each into U+FFFD.
    for (const caller of ['\ud800', '\udbff', 'a\udc00', '\udfffb']) {
      const error = requestErrorOf(() => encodeCaller(caller));
      expect([error.status, error.code, error.message]).toEqual([403, 'INVALID_CALLER', 'The access token\'s "sub" claim is not well-formed Unicode text.']);
    }
    expect(encodeCaller('\ufffd')).toBe('~EF~BF~BD');
    expect(encodeCaller('\ud83d\ude00')).toBe('~F0~9F~98~80');
  });

  test('property: distinct well-formed callers give distinct encodings; others are refused', () => {
    const wellFormed = (s: string) => !/[\uD800-\uDFFF]/u.test(s);
    fc.assert(fc.property(fc.string16bits({ maxLength: 12 }), fc.string16bits({ maxLength: 12 }), (a, b) => {
      for (const s of [a, b]) {
        if (!wellFormed(s)) {
          expect(requestErrorOf(() => encodeCaller(s)).code).toBe('INVALID_CALLER');
        } else {
          expect(encodeCaller(s)).toMatch(/^[A-Za-z0-9_~-]*$/);
        }
      }
      if (wellFormed(a) && wellFormed(b) && a !== b) {
        expect(encodeCaller(a)).not.toBe(encodeCaller(b));
      }
    }), { numRuns: 5000 });
  });

  test('property: the encoding decodes back to the caller (so it is one-to-one)', () => {
    // The kept characters are unreserved in URIs, and ~XX is %XX: percent-decoding inverts the encoding.
    const decode = (encoded: string) => decodeURIComponent(encoded.replace(/~/g, '%'));
    fc.assert(fc.property(fc.fullUnicodeString({ maxLength: 16 }), (caller) => {
      expect(decode(encodeCaller(caller))).toBe(caller);
    }), { numRuns: 3000 });
  });

  test('is injective where a lossy replacement would collide', () => {
    expect(encodeCaller('a|b')).not.toBe(encodeCaller('a_b'));
    expect(encodeCaller('a~7Cb')).not.toBe(encodeCaller('a|b'));
    expect(encodeCaller('../x')).not.toContain('/');
  });
});


describe('encodeCaller length', () => {
  test(`records callers up to ${MAX_ENCODED_CALLER_BYTES} bytes once encoded, and refuses longer ones with CALLER_TOO_LONG`, () => {
    expect(encodeCaller('a'.repeat(MAX_ENCODED_CALLER_BYTES))).toHaveLength(MAX_ENCODED_CALLER_BYTES);
    const error = requestErrorOf(() => encodeCaller('a'.repeat(MAX_ENCODED_CALLER_BYTES + 1)));
    expect([error.status, error.code, error.message]).toEqual([403, 'CALLER_TOO_LONG',
      'The caller\'s identity is longer than the 1024 bytes an upload\'s metadata can record, once encoded.']);
    // Measured encoded: 342 characters of three escaped bytes each are 1,026 bytes.
    expect(requestErrorOf(() => encodeCaller('.'.repeat(342))).code).toBe('CALLER_TOO_LONG');
    expect(encodeCaller('.'.repeat(341))).toHaveLength(1023);
  });
});

describe('identifyCaller', () => {
  const callerKey = Buffer.from('k'.repeat(64));

  test('where keys are per caller: the segment under the caller key, and the caller encoded for the metadata', () => {
    expect(identifyCaller('eu-west-1:a b', { callerSource: 'iam', callerKey }))
      .toEqual({ segment: callerSegment('eu-west-1:a b', callerKey), uploadedBy: 'eu-west-1~3Aa~20b' });
  });

  test('no identity where keys are not per caller, whoever asks', () => {
    expect(identifyCaller('alice', { callerKey })).toBeUndefined();
    expect(identifyCaller(undefined, {})).toBeUndefined();
  });

  test('a configuration without a caller key is a misconfiguration, not an unkeyed segment', () => {
    expect(() => identifyCaller('alice', { callerSource: 'jwt' })).toThrow('Presign function misconfigured: UPLOAD_CALLER_KEY is not set.');
    expect(() => callerKeyOf({})).toThrow('Presign function misconfigured: UPLOAD_CALLER_KEY is not set.');
    expect(callerKeyOf({ callerKey })).toBe(callerKey);
  });
});
