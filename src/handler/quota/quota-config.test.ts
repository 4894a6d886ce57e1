import { readQuotaLimits } from './quota-config';

const VALID = {
  requestsPerCaller: 600,
  requestWindowSeconds: 60,
  uploadsPerCaller: 1000,
  bytesPerCaller: 2000,
  usageWindowSeconds: 86_400,
  bytesPerDay: 5000,
  failOpen: false,
};
const read = (limits: unknown, maxBytes = 1000) => readQuotaLimits('counters', typeof limits === 'string' ? limits : JSON.stringify(limits), maxBytes);

test('reads the limits the construct writes, with the table', () => {
  expect(read(VALID)).toEqual({ table: 'counters', ...VALID });
  expect(read({ ...VALID, failOpen: true }).failOpen).toBe(true);
});

test('limits as large as JavaScript\'s exact integers and windows of 1 second to 31 days are read', () => {
  expect(read({ ...VALID, bytesPerDay: Number.MAX_SAFE_INTEGER, requestWindowSeconds: 1, usageWindowSeconds: 31 * 86_400 }).usageWindowSeconds)
    .toBe(31 * 86_400);
});

test.each([
  ['', 'UPLOAD_QUOTA_LIMITS is not a JSON object, but quotas are on (UPLOAD_QUOTA_TABLE="counters")'],
  ['[]', 'UPLOAD_QUOTA_LIMITS is not a JSON object, but quotas are on (UPLOAD_QUOTA_TABLE="counters")'],
  ['null', 'UPLOAD_QUOTA_LIMITS is not a JSON object, but quotas are on (UPLOAD_QUOTA_TABLE="counters")'],
  ['42', 'UPLOAD_QUOTA_LIMITS is not a JSON object, but quotas are on (UPLOAD_QUOTA_TABLE="counters")'],
])('%j is refused', (json, problem) => {
  expect(() => read(json)).toThrow(`Presign function misconfigured: ${problem}.`);
});

test('every bad field is named in one error', () => {
  expect(() => read({
    ...VALID,
    requestsPerCaller: 0,
    requestWindowSeconds: 31 * 86_400 + 1,
    uploadsPerCaller: 1.5,
    bytesPerCaller: '2000',
    usageWindowSeconds: undefined,
    failOpen: 'no',
    extra: 1,
  })).toThrow('Presign function misconfigured: UPLOAD_QUOTA_LIMITS has an unknown field "extra"; '
    + 'UPLOAD_QUOTA_LIMITS field "requestsPerCaller" is 0, not a whole number in 1..9007199254740991; '
    + 'UPLOAD_QUOTA_LIMITS field "requestWindowSeconds" is 2678401, not a whole number in 1..2678400; '
    + 'UPLOAD_QUOTA_LIMITS field "uploadsPerCaller" is 1.5, not a whole number in 1..9007199254740991; '
    + 'UPLOAD_QUOTA_LIMITS field "bytesPerCaller" is "2000", not a whole number in 1..9007199254740991; '
    + 'UPLOAD_QUOTA_LIMITS field "usageWindowSeconds" is undefined, not a whole number in 1..2678400; '
    + 'UPLOAD_QUOTA_LIMITS field "failOpen" is "no", not true or false.');
});

test('each byte limit must hold one upload of UPLOAD_MAX_BYTES', () => {
  expect(() => read(VALID, 2001)).toThrow('Presign function misconfigured: '
    + 'UPLOAD_QUOTA_LIMITS field "bytesPerCaller" is 2000, less than one upload of UPLOAD_MAX_BYTES="2001".');
  expect(() => read(VALID, 5001)).toThrow('Presign function misconfigured: '
    + 'UPLOAD_QUOTA_LIMITS field "bytesPerCaller" is 2000, less than one upload of UPLOAD_MAX_BYTES="5001"; '
    + 'UPLOAD_QUOTA_LIMITS field "bytesPerDay" is 5000, less than one upload of UPLOAD_MAX_BYTES="5001".');
  expect(read(VALID, 2000).bytesPerCaller).toBe(2000);
});
