import { describeBytes, describeSeconds, describeWait } from './human-units';

test.each([
  [0, '0 bytes'], [1, '1 byte'], [1023, '1023 bytes'], [1024, '1 KiB'], [1536, '1.5 KiB (1536 bytes)'],
  [100 * 2 ** 20, '100 MiB'], [6 * 2 ** 30, '6 GiB'], [6442450945, 'just over 6 GiB (6442450945 bytes)'], [5 * 2 ** 20 - 1, '4.9 MiB (5242879 bytes)'],
  [53_687_091_200_000, '48.8 TiB (53687091200000 bytes)'], [2 ** 50, '1 PiB'], [2 ** 60, '1024 PiB'],
])('describeBytes(%d) is "%s"', (bytes, text) => {
  expect(describeBytes(bytes)).toBe(text);
});

test.each([
  [1, '1 second'], [59, '59 seconds'], [60, '1 minute'], [90, '90 seconds'], [120, '2 minutes'],
  [3600, '1 hour'], [7200, '2 hours'], [86_400, '1 day'], [7 * 86_400, '7 days'], [86_401, '86401 seconds'],
])('describeSeconds(%d) is "%s"', (seconds, text) => {
  expect(describeSeconds(seconds)).toBe(text);
});

test.each([
  [1, '1 second'], [90, '90 seconds'], [91, 'about 2 minutes'], [5400, 'about 90 minutes'], [5401, 'about 2 hours'], [41_104, 'about 12 hours'],
])('describeWait(%d) is "%s"', (seconds, text) => {
  expect(describeWait(seconds)).toBe(text);
});
