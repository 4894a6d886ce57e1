import { REFUSALS_METRIC } from '../shared/refusal-metric-names';

/**
 * One log line in CloudWatch's embedded metric format: a count of 1 for
 * `code` (see REFUSALS_METRIC). CloudWatch turns it into a metric as the line
 * reaches the log group; no API call, no permission beyond writing logs.
 */
export function refusalMetric(code: string, timestamp: number, functionName: string): string {
  const { namespace, name, functionDimension, codeDimension } = REFUSALS_METRIC;
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[functionDimension, codeDimension]], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    [functionDimension]: functionName,
    [codeDimension]: code,
    [name]: 1,
  });
}
