import { randomUUID } from 'node:crypto';
import { checkKeyIdSize, KEY_ID, makeKeyId } from './key-id';
import { requestErrorOf } from '../../../test/request-error-of';

const SECRET = Buffer.from('a-caller-key-of-at-least-32-characters');
const RANDOM = '9b2f6c1e-1d2f-4c3a-8b4d-5e6f7a8b9c0d';

describe('makeKeyId', () => {
  test('is a lower-case version 4 UUID that keeps the first 8 bytes of its randomness', () => {
    for (const random of [RANDOM, randomUUID(), randomUUID()]) {
      const id = makeKeyId(random, 12345, SECRET);
      expect(id).toMatch(KEY_ID);
      expect(id.slice(0, 18)).toBe(random.slice(0, 18));
    }
  });

  test('is the same for the same inputs, and differs by size and by secret', () => {
    const id = makeKeyId(RANDOM, 104_857_601, SECRET);
    expect(makeKeyId(RANDOM, 104_857_601, SECRET)).toBe(id);
    expect(makeKeyId(RANDOM, 1_073_741_824, SECRET).slice(19)).not.toBe(id.slice(19));
    expect(makeKeyId(RANDOM, 104_857_601, Buffer.from('another-secret-of-32-characters-xx')).slice(19)).not.toBe(id.slice(19));
  });

  test('a value computed by hand (Python hmac), so the tag cannot change silently between releases', () => {
    expect(makeKeyId(RANDOM, 104_857_601, SECRET)).toBe('9b2f6c1e-1d2f-4c3a-bde8-17c25e9d82ef');
  });

  test.each(['', 'not a uuid', RANDOM.toUpperCase(), '9b2f6c1e-1d2f-1c3a-8b4d-5e6f7a8b9c0d'])('refuses %j as randomness', (random) => {
    expect(() => makeKeyId(random, 1, SECRET)).toThrow(`makeKeyId needs a lower-case version 4 UUID as its randomness, not "${random}"`);
  });
});

describe('checkKeyIdSize', () => {
  const id = makeKeyId(RANDOM, 104_857_601, SECRET);

  test('accepts the size the id was made for', () => {
    expect(() => checkKeyIdSize(id, 104_857_601, SECRET)).not.toThrow();
  });

  test.each([104_857_600, 104_857_602, 1_073_741_824, 1])('refuses %d bytes with 400 SIZE_MISMATCH', (size) => {
    const error = requestErrorOf(() => checkKeyIdSize(id, size, SECRET));
    expect([error.status, error.code, error.message]).toEqual([400, 'SIZE_MISMATCH', `"size" is ${size} bytes, which is not the size this upload started with: `
      + 'every step of an upload sends the size its first presign call declared (the file\'s exact size), and a file of another size is a new upload.']);
  });

  test('refuses the right size under another secret, and an id whose nonce was changed', () => {
    expect(requestErrorOf(() => checkKeyIdSize(id, 104_857_601, Buffer.from('x'.repeat(32)))).code).toBe('SIZE_MISMATCH');
    const otherNonce = (id[0] === '0' ? '1' : '0') + id.slice(1);
    expect(requestErrorOf(() => checkKeyIdSize(otherNonce, 104_857_601, SECRET)).code).toBe('SIZE_MISMATCH');
  });
});
