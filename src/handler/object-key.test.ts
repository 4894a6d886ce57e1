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
    ['a\u0000b', 'INVALID_FILENAME', 'control character'],
    ['line\nbreak.txt', 'INVALID_FILENAME', 'control character'],
    ['tab\t.txt', 'INVALID_FILENAME', 'control character'],
    ['evil\u202Etxt.exe', 'INVALID_FILENAME', 'control character'],
    ['dir/file.txt', 'INVALID_FILENAME', 'path separator'],
    ['..\\..\\win.ini', 'INVALID_FILENAME', 'path separator'],
    ['../etc/passwd', 'INVALID_FILENAME', 'path separator'],
    ['.', 'INVALID_FILENAME', 'traversal'],
    ['..', 'INVALID_FILENAME', 'traversal'],
    ['x'.repeat(1025), 'FILENAME_TOO_LONG', '1024-byte'],
  ])('refuses %j with %s', (input, code, words) => {
    const error = requestErrorOf(() => sanitizeFilename(input));
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(words);
  });
});

describe('encodeSubject', () => {
  test('keeps safe characters and escapes the rest as ~XX bytes', () => {
    expect(encodeSubject('3f1c9a2e-1b2c-4d5e-8f90-123456789abc')).toBe('3f1c9a2e-1b2c-4d5e-8f90-123456789abc');
    expect(encodeSubject('auth0|abc')).toBe('auth0~7Cabc');
    expect(encodeSubject('a.b')).toBe('a~2Eb');
    expect(encodeSubject('é')).toBe('~C3~A9');
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

  test('refuses a filename that pushes the key past 1024 bytes', () => {
    const filename = 'é'.repeat(500); // 1000 bytes: fits alone, not with prefix and id
    expect(sanitizeFilename(filename)).toBe(filename);
    const error = requestErrorOf(() => makeObjectKey({ prefix: 'uploads/', id, filename }));
    expect(error.code).toBe('FILENAME_TOO_LONG');
  });
});
