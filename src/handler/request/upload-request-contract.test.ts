import type {
  AbortMultipartUploadRequest, CompleteMultipartUploadRequest, CreateMultipartUploadRequest, ListPartsRequest, PutObjectRequest, UploadPartRequest,
} from './upload-request';
import type {
  AbortMultipartUploadBody, CompleteMultipartUploadBody, CreateMultipartUploadBody, ListPartsBody, PutObjectBody, UploadPartBody,
} from '../../shared/presign-contract';

/*
 * The handler's parsed requests and the shared contract's bodies must have
 * the same fields, operation by operation (besides the handler's
 * `operation` tag and the body's `method`): a change to one side without
 * the other fails the type check (`npx projen typecheck`, part of `test`).
 */

type Fields<T> = Omit<T, 'operation' | 'method'>;
/** `true` when A and B are the same type, optional and readonly fields included. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

const SAME_FIELDS: [
  Same<Fields<PutObjectRequest>, Fields<PutObjectBody>>,
  Same<Fields<CreateMultipartUploadRequest>, Fields<CreateMultipartUploadBody>>,
  Same<Fields<UploadPartRequest>, Fields<UploadPartBody>>,
  Same<Fields<ListPartsRequest>, Fields<ListPartsBody>>,
  Same<Fields<CompleteMultipartUploadRequest>, Fields<CompleteMultipartUploadBody>>,
  Same<Fields<AbortMultipartUploadRequest>, Fields<AbortMultipartUploadBody>>,
] = [true, true, true, true, true, true];

test('the parsed requests have the contract\'s fields, operation by operation (checked by the type check)', () => {
  expect(SAME_FIELDS).toEqual([true, true, true, true, true, true]);
});

test('a body of the contract parses into the operation it names', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseUploadRequest } = require('./upload-request');
  const body: PutObjectBody = { method: 'PUT', filename: 'a.png', contentType: 'image/png', size: 3, checksum: 'AAAAAAAAAAA=' };
  expect(parseUploadRequest({ contentTypeHeader: 'application/json', body: JSON.stringify(body) }))
    .toEqual({ operation: 'putObject', filename: 'a.png', contentType: 'image/png', size: 3, checksum: 'AAAAAAAAAAA=' });
});
