import { refusalMetric } from './refusal-metric';

test('one line of CloudWatch\'s embedded metric format: Refusals = 1, by function and code', () => {
  const line = refusalMetric('RATE_LIMITED', 1_764_460_800_000, 'presign-fn');
  expect(line).not.toContain('\n');
  expect(JSON.parse(line)).toEqual({
    _aws: {
      Timestamp: 1_764_460_800_000,
      CloudWatchMetrics: [{
        Namespace: 'PresignedUploadBucket',
        Dimensions: [['FunctionName', 'Code']],
        Metrics: [{ Name: 'Refusals', Unit: 'Count' }],
      }],
    },
    FunctionName: 'presign-fn',
    Code: 'RATE_LIMITED',
    Refusals: 1,
  });
});
