import { resolveSize } from './upload-size';
import { requestErrorOf } from '../../../test/request-error-of';

describe('resolveSize', () => {
  test('is the size itself, from 1 to the maximum', () => {
    expect(resolveSize(1000, 1000)).toBe(1000);
    expect(resolveSize(1, 1000)).toBe(1);
  });

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses size %p with INVALID_SIZE', (size) => {
    const error = requestErrorOf(() => resolveSize(size, 2 ** 62));
    expect(error.code).toBe('INVALID_SIZE');
    expect(error.status).toBe(400);
  });

  test('refuses a size over the maximum with 413 FILE_TOO_LARGE', () => {
    const error = requestErrorOf(() => resolveSize(1001, 1000));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.status).toBe(413);
  });
});

describe('resolveSize at its edges', () => {
  test('the largest safe integer is a valid size when the maximum allows it', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(resolveSize(max, max)).toBe(max);
  });

  test('a size equal to the maximum is accepted; one more is FILE_TOO_LARGE', () => {
    expect(resolveSize(1000, 1000)).toBe(1000);
    expect(requestErrorOf(() => resolveSize(1001, 1000)).code).toBe('FILE_TOO_LARGE');
  });
});
