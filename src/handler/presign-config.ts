import type { CallerSettings, CallerSource } from './caller/caller';
import type { UploadRules } from './operations/upload-rules';
import type { ContentTypePolicy } from './request/content-type';
import type { ObjectSigningSettings } from './sigv4/object-request-signer';
import { s3ObjectEndpoint } from './sigv4/s3-endpoint';
import { describeMediaTypeProblem } from '../shared/media-type';
import type { MultipartSettings } from '../shared/multipart-settings';
import { PresignEnv } from '../shared/presign-environment';
import { MAX_EXPIRES_SECONDS, MAX_OBJECT_BYTES, MAX_PART_BYTES, MAX_SINGLE_UPLOAD_BYTES, MIN_PART_BYTES } from '../shared/s3-limits';

/**
 * Settings of the presign function, read once from its environment: how it
 * names callers, the rules uploads follow, where and for how long it signs,
 * and where quotas are counted.
 */
export interface PresignConfig extends CallerSettings, UploadRules, ObjectSigningSettings {
  readonly bucket: string;
  readonly urlSuffix: string;
  /** `AWS_ENDPOINT_URL_S3`: send browsers to this endpoint instead (local S3 servers in tests). */
  readonly endpointOverride?: string;
  /** Where the quotas are counted; undefined when quotas are off. */
  readonly quotas?: QuotaConfig;
  /** `AWS_ENDPOINT_URL_DYNAMODB`: the quota table's endpoint instead of the region's (local servers in tests). */
  readonly dynamoDbEndpointOverride?: string;
}

/**
 * Where the quotas are counted, and their limits as the construct wrote them
 * (read by the quota port when it opens, see `openQuotaPort`).
 */
export interface QuotaConfig {
  readonly table: string;
  /** `UPLOAD_QUOTA_LIMITS`, unparsed. */
  readonly limitsJson: string;
}

/** The key ids' secret where the function has no caller key (see `PresignConfig.keyIdSecret`). */
export const UNKEYED_KEY_ID_SECRET = 'cdk-presigned-upload: no caller key';

type Env = Readonly<Record<string, string | undefined>>;

/** Shortest caller key accepted: 32 characters (the construct generates 64 letters and digits, about 380 bits). */
export const MIN_CALLER_KEY_LENGTH = 32;

/**
 * Reads and checks the function's configuration. The construct always writes
 * a valid one; this guards against hand-edited functions. Throws one Error
 * naming every bad variable.
 */
export function loadPresignConfig(env: Env): PresignConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') problems.push(`${name} is not set`);
    return value ?? '';
  };
  const integer = (name: string, min: number, max: number): number => {
    const text = required(name);
    const value = Number(text);
    if (text !== '' && (!Number.isSafeInteger(value) || value < min || value > max)) {
      problems.push(`${name}="${text}" is not a whole number in ${min}..${max}`);
    }
    return value;
  };

  const bucket = required(PresignEnv.BUCKET);
  const region = required('AWS_REGION');
  const endpointOverride = env.AWS_ENDPOINT_URL_S3 || undefined;
  if (endpointOverride !== undefined && !/^https?:\/\/[^/]/.test(endpointOverride)) {
    problems.push(`AWS_ENDPOINT_URL_S3="${endpointOverride}" is not an http(s) URL`);
  }
  const urlSuffix = endpointOverride ? env[PresignEnv.URL_SUFFIX] ?? '' : required(PresignEnv.URL_SUFFIX);
  const accelerateText = env[PresignEnv.TRANSFER_ACCELERATION] || undefined;
  if (accelerateText !== undefined && accelerateText !== 'true') {
    problems.push(`${PresignEnv.TRANSFER_ACCELERATION}="${accelerateText}" is not "true" (leave it unset for the regional endpoint)`);
  }
  const accelerate = accelerateText === 'true';
  if (accelerate && bucket.includes('.')) {
    problems.push(`${PresignEnv.TRANSFER_ACCELERATION} is set, but the bucket name "${bucket}" has dots, which Transfer Acceleration refuses`);
  }
  const keyPrefix = env[PresignEnv.KEY_PREFIX] ?? '';
  const maxBytes = integer(PresignEnv.MAX_BYTES, 1, MAX_OBJECT_BYTES);
  const expiresSeconds = integer(PresignEnv.EXPIRES_SECONDS, 1, MAX_EXPIRES_SECONDS);
  const kmsKeyArn = env[PresignEnv.KMS_KEY_ARN] || undefined;
  const callerSourceText = env[PresignEnv.CALLER_SOURCE] || undefined;
  if (callerSourceText !== undefined && callerSourceText !== 'jwt' && callerSourceText !== 'iam') {
    problems.push(`${PresignEnv.CALLER_SOURCE}="${callerSourceText}" is neither "jwt" nor "iam"`);
  }
  const quotaTable = env[PresignEnv.QUOTA_TABLE] || undefined;
  const callerKey = env[PresignEnv.CALLER_KEY] ?? '';
  const callerKeyUse = callerSourceText !== undefined
    ? `keys are per caller (${PresignEnv.CALLER_SOURCE}="${callerSourceText}")`
    : `quotas are on (${PresignEnv.QUOTA_TABLE}="${quotaTable}")`;
  const needsCallerKey = callerSourceText !== undefined || quotaTable !== undefined;
  if (needsCallerKey && callerKey.length < MIN_CALLER_KEY_LENGTH) {
    problems.push(`${PresignEnv.CALLER_KEY} is ${callerKey === '' ? 'not set' : `${callerKey.length} characters long`}, `
      + `but ${callerKeyUse}: it must be a secret of at least ${MIN_CALLER_KEY_LENGTH} characters`);
  }
  let multipart: MultipartSettings | undefined = undefined;
  if (env[PresignEnv.MULTIPART_THRESHOLD]) {
    multipart = {
      threshold: integer(PresignEnv.MULTIPART_THRESHOLD, MIN_PART_BYTES, MAX_SINGLE_UPLOAD_BYTES),
      partSize: integer(PresignEnv.MULTIPART_PART_SIZE, MIN_PART_BYTES, MAX_PART_BYTES),
    };
  } else if (maxBytes > MAX_SINGLE_UPLOAD_BYTES && maxBytes <= MAX_OBJECT_BYTES) {
    problems.push(`${PresignEnv.MAX_BYTES}="${maxBytes}" is over 5 GiB, which only multipart uploads carry, but ${PresignEnv.MULTIPART_THRESHOLD} is not set`);
  }

  let contentTypes: ContentTypePolicy = {};
  const allowedJson = env[PresignEnv.ALLOWED_CONTENT_TYPES];
  if (allowedJson) {
    let allowed: unknown = undefined;
    try {
      allowed = JSON.parse(allowedJson);
    } catch {
      // Not JSON: refused below, like any other non-array.
    }
    if (!Array.isArray(allowed) || allowed.some((t) => typeof t !== 'string' || describeMediaTypeProblem(t, true) !== undefined)) {
      problems.push(`${PresignEnv.ALLOWED_CONTENT_TYPES} is not a JSON array of media types`);
    } else {
      contentTypes = { allowed: allowed.map((t: string) => t.toLowerCase()) };
    }
  }

  const limitsJson = env[PresignEnv.QUOTA_LIMITS] ?? '';
  const dynamoDbEndpointOverride = env.AWS_ENDPOINT_URL_DYNAMODB || undefined;
  if (dynamoDbEndpointOverride !== undefined && !/^https?:\/\/[^/]/.test(dynamoDbEndpointOverride)) {
    problems.push(`AWS_ENDPOINT_URL_DYNAMODB="${dynamoDbEndpointOverride}" is not an http(s) URL`);
  }

  if (problems.length > 0) {
    throw new Error(`Presign function misconfigured: ${problems.join('; ')}.`);
  }
  const keyIdSecret = Buffer.from(callerKey === '' ? UNKEYED_KEY_ID_SECRET : callerKey);
  const objectEndpoint = s3ObjectEndpoint({ bucket, region, urlSuffix, endpointOverride, accelerate });
  return {
    bucket,
    region,
    urlSuffix,
    endpointOverride,
    keyPrefix,
    maxBytes,
    expiresSeconds,
    contentTypes,
    kmsKeyArn,
    callerSource: callerSourceText as CallerSource | undefined,
    callerKey: needsCallerKey ? Buffer.from(callerKey) : undefined,
    keyIdSecret,
    multipart,
    objectEndpoint,
    quotas: quotaTable === undefined ? undefined : { table: quotaTable, limitsJson },
    dynamoDbEndpointOverride,
  };
}
