import * as fc from 'fast-check';
import { encodeSubject, makeObjectKey, sanitizeFilename } from './object-key';
import { requestErrorOf } from '../../test/request-error-of';

describe('sanitizeFilename', () => {
  test.each([
    ['photo.png', 'photo.png'],
    ['my holiday photo (1).JPG', 'my_holiday_photo_(1).JPG'],
    ['Ünïcödé 写真.png', 'Ünïcödé_写真.png'],
    ['a&b=c?d#e%f.txt', 'a_b_c_d_e_f.txt'],
    ['..hidden', '..hidden'],
    ['name  with   spaces', 'name_with_spaces'],
  ])('%j becomes %j', (input, output) => {
    expect(sanitizeFilename(input)).toBe(output);
  });

  test('normalizes to NFC', () => {
    expect(sanitizeFilename('Cafe\u0301.txt')).toBe('Caf\u00e9.txt');
  });

  test.each([
    ['', 'INVALID_FILENAME', 'empty'],
    ['   ', 'INVALID_FILENAME', 'empty'],
    ['a\u0000b', 'INVALID_FILENAME', 'control'],
    ['line\nbreak.txt', 'INVALID_FILENAME', 'control'],
    ['tab\t.txt', 'INVALID_FILENAME', 'control'],
    ['evil\u202Etxt.exe', 'INVALID_FILENAME', 'bidi'],
    ['dir/file.txt', 'INVALID_FILENAME', 'path separator'],
    ['..\\..\\win.ini', 'INVALID_FILENAME', 'path separator'],
    ['../etc/passwd', 'INVALID_FILENAME', 'path separator'],
    ['.', 'INVALID_FILENAME', 'traversal'],
    ['..', 'INVALID_FILENAME', 'traversal'],
  ])('refuses %j with %s', (input, code, words) => {
    const error = requestErrorOf(() => sanitizeFilename(input));
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(words);
  });
});

describe('sanitizeFilename refuses every format and bidi control character', () => {
  // General category Cf (format), which holds the bidi controls, plus line and
  // paragraph separators and lone surrogates: none belongs in a file name, and
  // replacing them would hide what the name looked like to the user.
  const refused: Array<[string, number]> = [
    ['ARABIC LETTER MARK', 0x061c],
    ['SOFT HYPHEN', 0x00ad],
    ['ZERO WIDTH SPACE', 0x200b], ['ZERO WIDTH NON-JOINER', 0x200c], ['ZERO WIDTH JOINER', 0x200d],
    ['LEFT-TO-RIGHT MARK', 0x200e], ['RIGHT-TO-LEFT MARK', 0x200f],
    ['LEFT-TO-RIGHT EMBEDDING', 0x202a], ['RIGHT-TO-LEFT EMBEDDING', 0x202b], ['POP DIRECTIONAL FORMATTING', 0x202c],
    ['LEFT-TO-RIGHT OVERRIDE', 0x202d], ['RIGHT-TO-LEFT OVERRIDE', 0x202e],
    ['WORD JOINER', 0x2060], ['FUNCTION APPLICATION', 0x2061], ['INVISIBLE TIMES', 0x2062],
    ['INVISIBLE SEPARATOR', 0x2063], ['INVISIBLE PLUS', 0x2064],
    ['LEFT-TO-RIGHT ISOLATE', 0x2066], ['RIGHT-TO-LEFT ISOLATE', 0x2067], ['FIRST STRONG ISOLATE', 0x2068],
    ['POP DIRECTIONAL ISOLATE', 0x2069],
    ['ZERO WIDTH NO-BREAK SPACE (BOM)', 0xfeff],
    ['LINE SEPARATOR', 0x2028], ['PARAGRAPH SEPARATOR', 0x2029],
    ['a lone high surrogate', 0xd800], ['a lone low surrogate', 0xdfff],
  ];
  test.each(refused)('%s (U+%s) inside a name, and alone', (_name, code) => {
    const ch = String.fromCharCode(code);
    for (const filename of [`a${ch}b.png`, ch, `${ch}.png`]) {
      expect(requestErrorOf(() => sanitizeFilename(filename)).code).toBe('INVALID_FILENAME');
    }
  });

  test('every Cf character of the Basic Multilingual Plane is refused', () => {
    const format = /^\p{Cf}$/u;
    const all = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).filter((ch) => format.test(ch));
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((ch) => requestErrorOf(() => sanitizeFilename(`a${ch}.png`)).code !== 'INVALID_FILENAME')).toEqual([]);
  });

  test('a well-formed astral character is kept', () => {
    expect(sanitizeFilename('\u{1F600}.png')).toBe('_.png');
    expect(sanitizeFilename('\u{20000}.png')).toBe('\u{20000}.png');
  });
});

describe('encodeSubject', () => {
  test('keeps safe characters and escapes the rest as ~XX bytes', () => {
    expect(encodeSubject('3f1c9a2e-1b2c-4d5e-8f90-123456789abc')).toBe('3f1c9a2e-1b2c-4d5e-8f90-123456789abc');
    expect(encodeSubject('auth0|abc')).toBe('auth0~7Cabc');
    expect(encodeSubject('a.b')).toBe('a~2Eb');
    expect(encodeSubject('é')).toBe('~C3~A9');
  });

  test('refuses a subject that is not well-formed UTF-16, so no two subjects share a prefix', () => {
    // UTF-8 cannot carry a lone surrogate: encoding it would turn each into U+FFFD.
    for (const subject of ['\ud800', '\udbff', 'a\udc00', '\udfffb']) {
      const error = requestErrorOf(() => encodeSubject(subject));
      expect([error.status, error.code, error.message]).toEqual([403, 'INVALID_SUBJECT', 'The access token\'s "sub" claim is not well-formed Unicode text.']);
    }
    expect(encodeSubject('\ufffd')).toBe('~EF~BF~BD');
    expect(encodeSubject('\ud83d\ude00')).toBe('~F0~9F~98~80');
  });

  test('property: distinct well-formed subjects give distinct single-segment prefixes; others are refused', () => {
    const wellFormed = (s: string) => !/[\uD800-\uDFFF]/u.test(s);
    fc.assert(fc.property(fc.string16bits({ maxLength: 12 }), fc.string16bits({ maxLength: 12 }), (a, b) => {
      for (const s of [a, b]) {
        if (!wellFormed(s)) {
          expect(requestErrorOf(() => encodeSubject(s)).code).toBe('INVALID_SUBJECT');
        } else {
          expect(encodeSubject(s)).toMatch(/^[A-Za-z0-9_~-]*$/);
        }
      }
      if (wellFormed(a) && wellFormed(b) && a !== b) {
        expect(encodeSubject(a)).not.toBe(encodeSubject(b));
      }
    }), { numRuns: 5000 });
  });

  test('property: the encoding decodes back to the subject (so it is one-to-one)', () => {
    // The kept characters are unreserved in URIs, and ~XX is %XX: percent-decoding inverts the encoding.
    const decode = (encoded: string) => decodeURIComponent(encoded.replace(/~/g, '%'));
    fc.assert(fc.property(fc.fullUnicodeString({ maxLength: 16 }), (subject) => {
      expect(decode(encodeSubject(subject))).toBe(subject);
    }), { numRuns: 3000 });
  });

  test('is injective where a lossy replacement would collide', () => {
    expect(encodeSubject('a|b')).not.toBe(encodeSubject('a_b'));
    expect(encodeSubject('a~7Cb')).not.toBe(encodeSubject('a|b'));
    expect(encodeSubject('../x')).not.toContain('/');
  });
});

describe('makeObjectKey', () => {
  const id = '123e4567-e89b-42d3-a456-426614174000';

  test('is {prefix}{id}/{filename} without a subject', () => {
    expect(makeObjectKey({ prefix: 'uploads/', id, filename: 'a b.png' })).toBe(`uploads/${id}/a_b.png`);
  });

  test('is {prefix}{subject}/{id}/{filename} with a subject', () => {
    expect(makeObjectKey({ prefix: 'uploads/', subject: 'user-1', id, filename: 'a.png' })).toBe(`uploads/user-1/${id}/a.png`);
  });

  test('works with an empty prefix', () => {
    expect(makeObjectKey({ prefix: '', id, filename: 'a.png' })).toBe(`${id}/a.png`);
  });

  test('measures the key limit on the key produced, not on the raw name', () => {
    // Long raw names that sanitize to short ones are accepted.
    expect(makeObjectKey({ prefix: 'uploads/', id, filename: `x${' '.repeat(1024)}y` })).toBe(`uploads/${id}/x_y`);
    expect(makeObjectKey({ prefix: 'uploads/', id, filename: '\u20ac'.repeat(400) })).toBe(`uploads/${id}/_`);
  });

  test('accepts a key of exactly 1024 bytes and refuses 1025 with FILENAME_TOO_LONG', () => {
    const folder = `uploads/${id}/`;
    const fits = 'a'.repeat(1024 - folder.length);
    expect(Buffer.byteLength(makeObjectKey({ prefix: 'uploads/', id, filename: fits }))).toBe(1024);
    const error = requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', id, filename: `${fits}b` }));
    expect([error.status, error.code]).toEqual([400, 'FILENAME_TOO_LONG']);
    expect(error.message).toContain(`at most ${fits.length} bytes`);
  });

  test('counts bytes, not characters: a two-byte character at the edge', () => {
    const folder = `uploads/${id}/`;
    const room = 1024 - folder.length;
    expect(() => makeObjectKey({ prefix: 'uploads/', id, filename: `${'a'.repeat(room - 2)}\u00e9` })).not.toThrow();
    expect(requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', id, filename: `${'a'.repeat(room - 1)}\u00e9` })).code)
      .toBe('FILENAME_TOO_LONG');
  });

  test('a subject that leaves no room for any file name is refused as SUBJECT_TOO_LONG, not blamed on the file', () => {
    const error = requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', subject: 's'.repeat(1000), id, filename: 'a.png' }));
    expect([error.status, error.code, error.message]).toEqual([403, 'SUBJECT_TOO_LONG', 'The access token\'s "sub" claim is too long to fit in S3\'s 1024-byte object key.']);
    // At the edge: a subject that leaves exactly one byte still gets a one-byte name.
    const room = 1024 - `uploads//${id}/`.length - 1;
    expect(Buffer.byteLength(makeObjectKey({ prefix: 'uploads/', subject: 's'.repeat(room), id, filename: 'a' }))).toBe(1024);
    expect(requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', subject: 's'.repeat(room + 1), id, filename: 'a' })).code)
      .toBe('SUBJECT_TOO_LONG');
    // With room for a short name, a long name is still the file's fault.
    expect(requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', subject: 's'.repeat(room), id, filename: 'ab' })).code)
      .toBe('FILENAME_TOO_LONG');
  });
});
