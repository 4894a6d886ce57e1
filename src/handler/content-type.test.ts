import { isContentTypeAllowed, resolveContentType } from './content-type';
import { requestErrorOf } from '../../test/request-error-of';

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
