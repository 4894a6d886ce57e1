import { RequestError } from './request-error';

describe('RequestError', () => {
  test('carries the status, the stable code and the message, and names itself in logs and stack traces', () => {
    const error = new RequestError(413, 'FILE_TOO_LARGE', 'The file is 10 bytes; this endpoint accepts at most 5.');
    expect(error).toBeInstanceOf(Error);
    expect([error.status, error.code, error.message]).toEqual([413, 'FILE_TOO_LARGE', 'The file is 10 bytes; this endpoint accepts at most 5.']);
    expect(error.name).toBe('RequestError');
    expect(String(error)).toBe('RequestError: The file is 10 bytes; this endpoint accepts at most 5.');
  });
});
