import { MAX_BODY_BYTES, parseUploadRequest, resolveSizeRange } from './upload-request';
import { requestErrorOf } from '../../test/request-error-of';

const JSON_HEADER = 'application/json';

describe('parseUploadRequest', () => {
  test('parses filename, contentType and size', () => {
    expect(parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: '{"filename":"a.png","contentType":"image/png","size":12}' }))
      .toEqual({ filename: 'a.png', contentType: 'image/png', size: 12 });
  });

  test('size is optional', () => {
    expect(parseUploadRequest({ contentTypeHeader: 'application/json; charset=utf-8', body: '{"filename":"a.png","contentType":"image/png"}' }))
      .toEqual({ filename: 'a.png', contentType: 'image/png' });
  });

  test('decodes a base64 body', () => {
    const body = Buffer.from('{"filename":"a.png","contentType":"image/png"}').toString('base64');
    expect(parseUploadRequest({ contentTypeHeader: JSON_HEADER, body, isBase64Encoded: true }).filename).toBe('a.png');
  });

  test.each([
    [{ contentTypeHeader: 'text/plain', body: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ contentTypeHeader: JSON_HEADER }, 400, 'EMPTY_BODY'],
    [{ contentTypeHeader: JSON_HEADER, body: '   ' }, 400, 'EMPTY_BODY'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":"' + 'a'.repeat(MAX_BODY_BYTES) + '"}' }, 413, 'BODY_TOO_LARGE'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":' }, 400, 'MALFORMED_JSON'],
    [{ contentTypeHeader: JSON_HEADER, body: '[]' }, 400, 'INVALID_BODY'],
    [{ contentTypeHeader: JSON_HEADER, body: 'null' }, 400, 'INVALID_BODY'],
    [{ contentTypeHeader: JSON_HEADER, body: '"a.png"' }, 400, 'INVALID_BODY'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"contentType":"image/png"}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":"a.png"}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":null,"contentType":"image/png"}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":1,"contentType":"image/png"}' }, 400, 'INVALID_FIELD_TYPE'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":"a","contentType":["image/png"]}' }, 400, 'INVALID_FIELD_TYPE'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":"a","contentType":"image/png","size":"12"}' }, 400, 'INVALID_FIELD_TYPE'],
  ])('refuses %j with %i %s', (raw, status, code) => {
    const error = requestErrorOf(() => parseUploadRequest(raw));
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
  });

  test.each(['acl', 'key', 'bucket', 'Policy', 'success_action_redirect', '__proto__'])('refuses an attempt to set %s', (field) => {
    const body = `{"filename":"a.png","contentType":"image/png",${JSON.stringify(field)}:"x"}`;
    const error = requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body }));
    expect(error.code).toBe('UNKNOWN_FIELD');
    expect(error.message).toContain(field);
  });
});

describe('resolveSizeRange', () => {
  test('is 1..max without a size and exactly size with one', () => {
    expect(resolveSizeRange(undefined, 1000)).toEqual({ min: 1, max: 1000 });
    expect(resolveSizeRange(1000, 1000)).toEqual({ min: 1000, max: 1000 });
    expect(resolveSizeRange(1, 1000)).toEqual({ min: 1, max: 1 });
  });

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses size %p with INVALID_SIZE', (size) => {
    const error = requestErrorOf(() => resolveSizeRange(size, 2 ** 62));
    expect(error.code).toBe('INVALID_SIZE');
    expect(error.status).toBe(400);
  });

  test('refuses a size over the maximum with 413 FILE_TOO_LARGE', () => {
    const error = requestErrorOf(() => resolveSizeRange(1001, 1000));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.status).toBe(413);
  });
});
