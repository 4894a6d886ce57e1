// Shared: the presign handler writes this metric and the construct's metricRefusals reads it.

/** Where the presign endpoint counts its refusals in CloudWatch, one count per refusal. */
export const REFUSALS_METRIC = {
  namespace: 'PresignedUploadBucket',
  name: 'Refusals',
  /** Dimensions: the presign function's name, and the refusal's code. */
  functionDimension: 'FunctionName',
  codeDimension: 'Code',
} as const;
