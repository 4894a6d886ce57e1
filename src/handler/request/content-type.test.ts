import { isContentTypeAllowed, resolveContentType } from './content-type';
import { requestErrorOf } from '../../../test/request-error-of';

const codeOf = (fn: () => unknown) => requestErrorOf(fn).code;

describe('isContentTypeAllowed', () => {
  test('without a list, any non-executable type is allowed', () => {
    expect(isContentTypeAllowed('image/png', {})).toBe(true);
    expect(isContentTypeAllowed('text/html', {})).toBe(false);
  });

  test('with a list, exact entries and type wildcards match', () => {
    const policy = { allowed: ['image/*', 'application/pdf'] };
    expect(isContentTypeAllowed('image/webp', policy)).toBe(true);
    expect(isContentTypeAllowed('application/pdf', policy)).toBe(true);
    expect(isContentTypeAllowed('application/zip', policy)).toBe(false);
    expect(isContentTypeAllowed('video/mp4', policy)).toBe(false);
  });

  test('a wildcard never admits an executable type; an exact entry does', () => {
    expect(isContentTypeAllowed('image/svg+xml', { allowed: ['image/*'] })).toBe(false);
    expect(isContentTypeAllowed('image/svg+xml', { allowed: ['image/*', 'image/svg+xml'] })).toBe(true);
  });
});

describe('an exact entry is never read as a wildcard', () => {
  test('image/x admits image/x only, not the other image types', () => {
    expect(isContentTypeAllowed('image/x', { allowed: ['image/x'] })).toBe(true);
    expect(isContentTypeAllowed('image/png', { allowed: ['image/x'] })).toBe(false);
    expect(isContentTypeAllowed('image/png', { allowed: ['image/*'] })).toBe(true);
  });
});

describe('resolveContentType', () => {
  test('normalizes to lower case', () => {
    expect(resolveContentType('Image/PNG', {})).toBe('image/png');
  });

  test('refuses malformed types with INVALID_CONTENT_TYPE', () => {
    expect(codeOf(() => resolveContentType('image/png;x=1', {}))).toBe('INVALID_CONTENT_TYPE');
    expect(codeOf(() => resolveContentType('image/png\n', {}))).toBe('INVALID_CONTENT_TYPE');
  });

  test('refuses disallowed types with CONTENT_TYPE_NOT_ALLOWED', () => {
    expect(codeOf(() => resolveContentType('text/html', {}))).toBe('CONTENT_TYPE_NOT_ALLOWED');
    expect(codeOf(() => resolveContentType('application/zip', { allowed: ['image/*'] }))).toBe('CONTENT_TYPE_NOT_ALLOWED');
  });
});

describe('content types smuggled past a wildcard (regressions)', () => {
  test.each([
    ['image/svg+xml', ['image/*'], 'CONTENT_TYPE_NOT_ALLOWED'],
    ['multipart/x-mixed-replace', ['multipart/*'], 'CONTENT_TYPE_NOT_ALLOWED'],
    ['text/html', ['text/*'], 'CONTENT_TYPE_NOT_ALLOWED'],
    ['image/\u212Aelvin', ['image/*'], 'INVALID_CONTENT_TYPE'],
    ['image/png\u00a0', ['image/*'], 'INVALID_CONTENT_TYPE'],
    ['text/html\u00a0', undefined, 'INVALID_CONTENT_TYPE'],
    ['image/png\u200b', ['image/*'], 'INVALID_CONTENT_TYPE'],
    ['image/png;x=1', ['image/*'], 'INVALID_CONTENT_TYPE'],
  ])('%j with %j is %s', (type, allowed, code) => {
    expect(codeOf(() => resolveContentType(type, { allowed }))).toBe(code);
  });
});

describe('the content-type length limit at its edge', () => {
  test('255 characters (a 127-character type and subtype) are accepted; 256 are refused as too long', () => {
    const longest = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(resolveContentType(longest, {})).toHaveLength(255);
    const error = requestErrorOf(() => resolveContentType(`${longest}b`, {}));
    expect([error.code, error.message]).toEqual(['INVALID_CONTENT_TYPE', 'contentType is longer than 255 characters.']);
  });
});
