import { makeObjectKey, sanitizeFilename } from './object-key';
import { requestErrorOf } from '../../../test/request-error-of';

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

describe('makeObjectKey', () => {
  const id = '123e4567-e89b-42d3-a456-426614174000';

  test('is {prefix}{id}/{filename} without a caller', () => {
    expect(makeObjectKey({ prefix: 'uploads/', id, filename: 'a b.png' })).toBe(`uploads/${id}/a_b.png`);
  });

  test('is {prefix}{callerSegment}/{id}/{filename} where keys are per caller', () => {
    const segment = '0123456789abcdef0123456789abcdef';
    expect(makeObjectKey({ prefix: 'uploads/', callerSegment: segment, id, filename: 'a.png' })).toBe(`uploads/${segment}/${id}/a.png`);
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
});
