import { MAX_BODY_BYTES, parseUploadRequest, type NewUploadRequest } from './upload-request';
import { resolveSize } from './upload-size';
import { requestErrorOf } from '../../../test/request-error-of';

const JSON_HEADER = 'application/json';

describe('parseUploadRequest', () => {
  test('parses filename, contentType and size', () => {
    expect(parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: '{"filename":"a.png","contentType":"image/png","size":12,"checksum":"AAAAAAAAAAA="}' }))
      .toEqual({ operation: 'putObject', filename: 'a.png', contentType: 'image/png', size: 12, checksum: 'AAAAAAAAAAA=' });
  });

  test('size is required: the presigned PUT signs the exact length', () => {
    for (const body of ['{"filename":"a.png","contentType":"image/png"}', '{"filename":"a.png","contentType":"image/png","size":null}']) {
      const error = requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body }));
      expect([error.code, error.message]).toEqual(['MISSING_FIELD', 'Field "size" is required: the exact size of the file in bytes (File.size).']);
    }
  });

  test('decodes a base64 body', () => {
    const body = Buffer.from('{"filename":"a.png","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}').toString('base64');
    expect((parseUploadRequest({ contentTypeHeader: JSON_HEADER, body, isBase64Encoded: true }) as NewUploadRequest).filename).toBe('a.png');
  });

  test('accepts JSON with media type parameters, in any case', () => {
    const body = '{"filename":"a.png","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}';
    for (const header of ['application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8', ' application/json']) {
      expect((parseUploadRequest({ contentTypeHeader: header, body }) as NewUploadRequest).filename).toBe('a.png');
    }
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: 'application/json-seq', body })).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('an empty base64 body is empty, not malformed', () => {
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, isBase64Encoded: true })).code).toBe('EMPTY_BODY');
  });

  test(`a body of exactly ${MAX_BODY_BYTES} bytes is read; one byte more is refused`, () => {
    const bodyOf = (bytes: number) => {
      const head = '{"filename":"a.png","contentType":"image/png","size":1,"x":"';
      return head + 'a'.repeat(bytes - head.length - 2) + '"}';
    };
    expect(Buffer.byteLength(bodyOf(MAX_BODY_BYTES))).toBe(MAX_BODY_BYTES);
    // Read and parsed: refused for its unknown field, not for its size.
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: bodyOf(MAX_BODY_BYTES) })).code).toBe('UNKNOWN_FIELD');
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: bodyOf(MAX_BODY_BYTES + 1) })).code).toBe('BODY_TOO_LARGE');
  });

  test('the limit counts UTF-8 bytes, not characters', () => {
    const body = '{"filename":"' + '\u00e9'.repeat(MAX_BODY_BYTES / 2 + 10) + '"}';
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body })).code).toBe('BODY_TOO_LARGE');
  });

  test('an unknown field is named in the refusal by its first 64 characters only', () => {
    const field = 'f'.repeat(64) + 'TAIL';
    const error = requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: `{${JSON.stringify(field)}:1}` }));
    expect(error.message).toBe(`Field "${'f'.repeat(64)}" is not accepted; the server chooses the key, bucket and access control.`);
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
    [{ contentTypeHeader: JSON_HEADER, body: '{"contentType":"image/png","size":1}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":"a.png"}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":null,"contentType":"image/png","size":1}' }, 400, 'MISSING_FIELD'],
    [{ contentTypeHeader: JSON_HEADER, body: '{"filename":1,"contentType":"image/png","size":1}' }, 400, 'INVALID_FIELD_TYPE'],
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

describe('what an attacker tried that already held (regressions)', () => {
  const parse = (body: string) => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body }) as NewUploadRequest;

  test('a duplicated field counts once, with its last value: there is one filename, never two', () => {
    expect(parse('{"filename":"a.png","filename":"b.png","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}'))
      .toEqual({ operation: 'putObject', filename: 'b.png', contentType: 'image/png', size: 1, checksum: 'AAAAAAAAAAA=' });
  });

  test.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])('an object-internals field %s is refused, not merged', (field) => {
    const error = requestErrorOf(() => parse(`{"filename":"a.png","contentType":"image/png",${JSON.stringify(field)}:{"key":"x"}}`));
    expect(error.code).toBe('UNKNOWN_FIELD');
  });

  test('a byte-order mark before the JSON is malformed JSON, not silently stripped', () => {
    expect(requestErrorOf(() => parse('\ufeff{"filename":"a.png","contentType":"image/png","size":1}')).code).toBe('MALFORMED_JSON');
  });

  test.each(['-0', '1e400', String(2 ** 53), String(2 ** 53 + 1), '9007199254740993', '1.0000001', '0'])('size %s is INVALID_SIZE', (size) => {
    const { size: parsed } = parse(`{"filename":"a","contentType":"image/png","size":${size},"checksum":"AAAAAAAAAAA="}`);
    expect(requestErrorOf(() => resolveSize(parsed, 2 ** 52)).code).toBe('INVALID_SIZE');
  });
});

describe('limits at their exact edge', () => {
  test(`a body of exactly ${MAX_BODY_BYTES} bytes is parsed; one byte more is BODY_TOO_LARGE`, () => {
    const head = '{"filename":"';
    const tail = '","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}';
    const exact = head + 'a'.repeat(MAX_BODY_BYTES - head.length - tail.length) + tail;
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY_BYTES);
    expect((parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: exact }) as NewUploadRequest).contentType).toBe('image/png');
    const over = head + 'a'.repeat(MAX_BODY_BYTES - head.length - tail.length + 1) + tail;
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: over })).code).toBe('BODY_TOO_LARGE');
  });

  test('the body limit counts UTF-8 bytes, not characters', () => {
    const head = '{"filename":"';
    const tail = '","contentType":"image/png","size":1}';
    const chars = Math.floor((MAX_BODY_BYTES - head.length - tail.length) / 2) + 1; // two bytes each: just over
    expect(requestErrorOf(() => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: head + '\u00e9'.repeat(chars) + tail })).code)
      .toBe('BODY_TOO_LARGE');
  });
});

describe('the Content-Type header of the presign request', () => {
  test.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', ' application/json ;charset=UTF-8'])('%j is JSON', (header) => {
    expect((parseUploadRequest({ contentTypeHeader: header, body: '{"filename":"a","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}' }) as NewUploadRequest).filename).toBe('a');
  });

  test.each([undefined, '', 'text/plain', 'application/jsonx', 'application/json-patch+json', 'x application/json', 'multipart/form-data; application/json'])(
    '%j is refused with 415', (header) => {
      const error = requestErrorOf(() => parseUploadRequest({ contentTypeHeader: header, body: '{"filename":"a","contentType":"image/png","size":1,"checksum":"AAAAAAAAAAA="}' }));
      expect([error.status, error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });
});

describe('checksums', () => {
  const parse = (body: Record<string, unknown>) => parseUploadRequest({ contentTypeHeader: JSON_HEADER, body: JSON.stringify(body) });
  const newUpload = { filename: 'a.png', contentType: 'image/png', size: 1 };
  const step = { key: 'uploads/x/a.png', uploadId: 'u1', size: 1 };

  test('a single PUT and a completion require the file\'s checksum; a multipart start takes none', () => {
    for (const body of [newUpload, { ...step, method: 'POST' }]) {
      const error = requestErrorOf(() => parse(body));
      expect([error.status, error.code]).toEqual([400, 'MISSING_CHECKSUM']);
      expect(error.message).toBe('Field "checksum" is required: the CRC64NVME of the whole file, base64, which S3 checks the bytes against.');
    }
    expect(requestErrorOf(() => parse({ ...newUpload, method: 'POST', checksum: 'AAAAAAAAAAA=' })).code).toBe('UNKNOWN_FIELD');
    expect(parse({ ...step, method: 'POST', checksum: 'q6RMRSIZNf4=' })).toEqual({ operation: 'completeMultipartUpload', ...step, checksum: 'q6RMRSIZNf4=' });
  });

  test('a part request requires one checksum per part, from partNumber on', () => {
    const error = requestErrorOf(() => parse({ ...step, partNumber: 1 }));
    expect([error.code, error.message]).toEqual(['MISSING_CHECKSUM', 'Field "partChecksums" is required: the CRC64NVME of each part to sign, from "partNumber" on.']);
    const empty = requestErrorOf(() => parse({ ...step, partNumber: 1, partChecksums: [] }));
    expect([empty.code, empty.message]).toEqual(['MISSING_CHECKSUM', 'Field "partChecksums" is empty: send the CRC64NVME of each part you ask a URL for.']);
    expect(requestErrorOf(() => parse({ ...step, partNumber: 1, partChecksums: 'AAAAAAAAAAA=' })).message).toBe('Field "partChecksums" must be an array.');
    const notText = requestErrorOf(() => parse({ ...step, partNumber: 1, partChecksums: ['AAAAAAAAAAA=', 7] }));
    expect([notText.status, notText.code, notText.message]).toEqual([400, 'INVALID_FIELD_TYPE', 'Field "partChecksums" must be an array of strings; item 1 is not.']);
    expect(requestErrorOf(() => parse({ ...step, partNumber: 1, partChecksums: ['AAAAAAAAAAA=', 'AAAAAAAAAA=='] })).message)
      .toBe('partChecksums[1] must be the CRC64NVME of the bytes, 8 bytes in base64 (12 characters, e.g. "AAAAAAAAAAA="); got "AAAAAAAAAA==".');
    expect(parse({ ...step, partNumber: 2, partChecksums: ['gI0LiPt9Jd8=', 'Yub7zbc4Lrg='] }))
      .toEqual({ operation: 'uploadPart', ...step, partNumber: 2, partChecksums: ['gI0LiPt9Jd8=', 'Yub7zbc4Lrg='] });
  });

  test.each([
    ['too short', 'AAAAAAAAAA='],
    ['too long', 'AAAAAAAAAAAA='],
    ['another algorithm\'s length (CRC32)', 'AAAAAA=='],
    ['SHA-256\'s length', 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='],
    ['no padding', 'AAAAAAAAAAAA'],
    ['hex', '0a799888ae8b1486'],
    ['URL-safe base64', 'q6RMRSIZNf-='],
    ['a non-canonical last character', 'AAAAAAAAAAB='],
    ['whitespace', ' AAAAAAAAAA='],
    ['empty', ''],
  ])('a checksum that is %s is INVALID_CHECKSUM, with the value in the message', (_, checksum) => {
    const error = requestErrorOf(() => parse({ ...newUpload, checksum }));
    expect([error.status, error.code]).toEqual([400, 'INVALID_CHECKSUM']);
    expect(error.message).toContain(`got "${checksum.slice(0, 24)}"`);
    expect(error.message.startsWith('Field "checksum" must be the CRC64NVME')).toBe(true);
  });

  test('a completion\'s malformed checksum is named as its field', () => {
    expect(requestErrorOf(() => parse({ ...step, method: 'POST', checksum: 'AAAA' })).message)
      .toBe('Field "checksum" must be the CRC64NVME of the bytes, 8 bytes in base64 (12 characters, e.g. "AAAAAAAAAAA="); got "AAAA".');
  });

  test('a checksum of another type is INVALID_FIELD_TYPE', () => {
    expect(requestErrorOf(() => parse({ ...newUpload, checksum: 12 })).code).toBe('INVALID_FIELD_TYPE');
  });

  test(`${MAX_BODY_BYTES} bytes hold a request for 500 part checksums`, () => {
    const body = JSON.stringify({
      method: 'PUT',
      ...step,
      key: 'uploads/' + 'k'.repeat(1000),
      uploadId: 'u'.repeat(1024),
      partNumber: 9501,
      partChecksums: Array(500).fill('AAAAAAAAAAA='),
    });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });
});
