import { RemovalPolicy, Token, type Duration, type Size } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { RuntimeFamily, type Runtime } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { ANY_ORIGIN, describeOriginProblem, isWildcardOrigin } from './allowed-origins';
import { BUCKET_DEFAULTS } from './defaults';
import { describeDomainNameProblem } from './host-name';
import { spellProp } from './prop-spelling';
import { resolveQuotas } from './resolve-quotas';
import { ValidationError } from './validation-error';
import type { MalwareProtection } from '../malware-protection';
import { MultipartUpload } from '../multipart-upload';
import { PresignAuth } from '../presign-auth';
import type { PresignedUploadBucketProps, ResultsDomainOptions } from '../presigned-upload-bucket-props';
import { describeBytes } from '../shared/human-units';
import { describeMediaTypeProblem, isBrowserExecutable } from '../shared/media-type';
import type { MultipartSettings } from '../shared/multipart-settings';
import type { QuotaLimitSettings } from '../shared/quota-limits';
import { MAX_EXPIRES_SECONDS, MAX_OBJECT_BYTES, MAX_PART_BYTES, MAX_SINGLE_UPLOAD_BYTES, MIN_PART_BYTES } from '../shared/s3-limits';
import { UploadEncryption } from '../upload-encryption';

/** Props after validation, with every default applied. */
export interface ResolvedConfig {
  readonly origins: string[];
  readonly anyOrigin: boolean;
  readonly hasWildcardOrigin: boolean;
  readonly auth: PresignAuth;
  readonly maxBytes: number;
  /** How files are uploaded in parts; undefined when multipart is off. */
  readonly multipart?: MultipartSettings;
  readonly expiresSeconds: number;
  readonly allowedContentTypes?: string[];
  readonly executableContentTypes: string[];
  readonly uploadPrefix: string;
  readonly expireUploadsAfter?: Duration;
  readonly malwareProtection?: MalwareProtection;
  readonly encryption: UploadEncryption;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly corsMaxAge: Duration;
  /** The stage throttle, both fields set. */
  readonly throttle: Required<ThrottleSettings>;
  readonly reservedConcurrency?: number;
  /** Runtime of the presign function (Node.js 22 or later). */
  readonly runtime: Runtime;
  /** Whether the user chose the runtime (the acknowledgements say so). */
  readonly runtimeChosen: boolean;
  readonly logRetention: RetentionDays;
  /** Uploads go through S3 Transfer Acceleration's endpoint. */
  readonly transferAcceleration: boolean;
  /** With Transfer Acceleration, the stack's Region is not one known to offer it (see `TRANSFER_ACCELERATION_REGIONS`): a warning. */
  readonly accelerationRegionUnverified: boolean;
  readonly resultsDomain?: ResultsDomainOptions;
  readonly priceClass: PriceClass;
  readonly distributionLogBucket?: IBucket;
  readonly serverAccessLogsBucket?: IBucket;
  /** The quotas; undefined when they are off. */
  readonly quotas?: QuotaLimitSettings;
}

const MAX_CORS_AGE_SECONDS = 24 * 60 * 60;
/**
 * Largest object GuardDuty Malware Protection for S3 scans: 100 GB on its
 * quotas page, read here as decimal gigabytes, the smaller reading. A larger
 * object is tagged `UNSUPPORTED`, unscanned.
 */
const MAX_MALWARE_SCAN_BYTES = 100_000_000_000;
/** Oldest Node.js major the bundled handler supports (its esbuild target). */
const MIN_NODE_MAJOR = 22;
const PREFIX_CHARS = /^[A-Za-z0-9!_.'()\/-]*$/;

/**
 * Validates the props of a PresignedUploadBucket and applies the defaults.
 * Every problem is collected and reported in one ValidationError (with the
 * construct's path), each naming the prop, the bad value and the fix.
 */
export function resolveConfig(scope: IConstruct, props: PresignedUploadBucketProps, region: string): ResolvedConfig {
  const problems: string[] = [];

  // Origins: one source of truth for all three CORS configurations.
  const origins = props.allowedOrigins ?? [];
  const anyOrigin = props.allowAnyOrigin ?? false;
  if (!Token.isUnresolved(origins)) {
    if (origins.length === 0) {
      problems.push(`${spellProp('allowedOrigins')} is empty: list the origins of the pages that upload, e.g. ["https://app.example.com"]`);
    }
    const seen = new Set<string>();
    for (const origin of origins) {
      if (seen.has(origin)) problems.push(`${spellProp('allowedOrigins')} lists "${origin}" twice: remove the duplicate`);
      seen.add(origin);
      if (origin === ANY_ORIGIN && anyOrigin) continue;
      const problem = describeOriginProblem(origin);
      if (problem !== undefined) problems.push(`${spellProp('allowedOrigins')} entry "${origin}" ${problem}`);
    }
    if (anyOrigin && !(origins.length === 1 && origins[0] === ANY_ORIGIN)) {
      problems.push(`${spellProp('allowAnyOrigin')} is true but ${spellProp('allowedOrigins')} is ${JSON.stringify(origins)}: set ${spellProp('allowedOrigins')} to ["*"], or drop ${spellProp('allowAnyOrigin')} and list the origins`);
    }
  }

  // Size and expiry of a presigned upload.
  const maxUploadSize = props.maxUploadSize ?? BUCKET_DEFAULTS.maxUploadSize;
  const maxBytes = maxUploadSize.isUnresolved() ? maxUploadSize.toBytes() : wholeBytes(maxUploadSize, 'maxUploadSize', problems);
  if (!Token.isUnresolved(maxBytes) && (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_OBJECT_BYTES)) {
    problems.push(`${spellProp('maxUploadSize')} is ${describeBytes(maxBytes)}: use a whole number of bytes from 1 to ${MAX_OBJECT_BYTES} `
      + '(Size.bytes(53_687_091_200_000), 10,000 parts of 5 GiB), S3\'s largest object');
  }
  const multipart = resolveMultipart(props.multipartUpload, maxBytes, problems);
  const expiry = props.presignExpiry ?? BUCKET_DEFAULTS.presignExpiry;
  const expiresSeconds = expiry.toSeconds({ integral: false });
  if (!Token.isUnresolved(expiresSeconds) && (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS)) {
    problems.push(`${spellProp('presignExpiry')} is ${expiry.toHumanString()}: use whole seconds from 1 second to Duration.days(7), SigV4's limit`);
  }

  // Content types.
  let allowedContentTypes: string[] | undefined;
  const executableContentTypes: string[] = [];
  if (props.allowedContentTypes !== undefined && !Token.isUnresolved(props.allowedContentTypes)) {
    if (props.allowedContentTypes.length === 0) {
      problems.push(`${spellProp('allowedContentTypes')} is empty, so nothing could be uploaded: list types such as ["image/png", "image/*"], or omit it to accept any safe type`);
    }
    for (const type of props.allowedContentTypes) {
      const problem = describeMediaTypeProblem(type, true);
      if (problem !== undefined) {
        problems.push(`${spellProp('allowedContentTypes')} entry "${type}" ${problem}: use "type/subtype" or "type/*"`);
      } else if (isBrowserExecutable(type.toLowerCase())) {
        executableContentTypes.push(type.toLowerCase());
      }
    }
    allowedContentTypes = props.allowedContentTypes.map((t) => t.toLowerCase());
  }

  // Keys and lifecycle.
  const uploadPrefix = props.uploadPrefix ?? BUCKET_DEFAULTS.uploadPrefix;
  if (!Token.isUnresolved(uploadPrefix)) {
    if (uploadPrefix.startsWith('/')) {
      problems.push(`${spellProp('uploadPrefix')} "${uploadPrefix}" starts with "/": S3 keys have no leading slash, write "${uploadPrefix.replace(/^\/+/, '')}"`);
    } else if (uploadPrefix !== '' && !uploadPrefix.endsWith('/')) {
      problems.push(`${spellProp('uploadPrefix')} "${uploadPrefix}" does not end with "/": write "${uploadPrefix}/"`);
    }
    if (!PREFIX_CHARS.test(uploadPrefix) || uploadPrefix.split('/').some((s) => s === '.' || s === '..') || uploadPrefix.includes('//')) {
      problems.push(`${spellProp('uploadPrefix')} "${uploadPrefix}" has characters or segments unsafe in S3 keys: use letters, digits and ! _ . ' ( ) - separated by single "/"`);
    }
    if (Buffer.byteLength(uploadPrefix, 'utf8') > 512) {
      problems.push(`${spellProp('uploadPrefix')} is longer than 512 bytes: shorten it so keys stay under S3's 1024-byte limit`);
    }
  }
  const expireUploadsAfter = props.expireUploadsAfter;
  if (expireUploadsAfter !== undefined && !expireUploadsAfter.isUnresolved()) {
    const days = expireUploadsAfter.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1) {
      problems.push(`${spellProp('expireUploadsAfter')} is ${expireUploadsAfter.toHumanString()}: S3 lifecycle rules count whole days, use Duration.days(n) with n >= 1`);
    }
  }

  // Malware scanning: GuardDuty scans the upload prefix, and its bucket
  // ownership check writes an object at the bucket's root, which a prefix ''
  // would put under the uploads' write-once and read-when-clean rules.
  const malwareProtection = props.malwareProtection;
  if (malwareProtection !== undefined && !Token.isUnresolved(uploadPrefix) && uploadPrefix === '') {
    problems.push(`${spellProp('uploadPrefix')} is "" but ${spellProp('malwareProtection')} is set: scanning covers the upload prefix, and GuardDuty writes `
      + 'its validation object at the bucket root, which must stay outside it; use a prefix such as "uploads/"');
  }
  if (malwareProtection !== undefined && !Token.isUnresolved(maxBytes) && maxBytes > MAX_MALWARE_SCAN_BYTES) {
    problems.push(`${spellProp('maxUploadSize')} is ${describeBytes(maxBytes)} but ${spellProp('malwareProtection')} is set, and GuardDuty scans objects of at most `
      + `${MAX_MALWARE_SCAN_BYTES} bytes (100 GB): a larger upload would be tagged UNSUPPORTED, and the read policy would keep it `
      + `unreadable forever; set ${spellProp('maxUploadSize')} to at most Size.bytes(100_000_000_000), e.g. Size.gibibytes(93)`);
  }

  // Buckets.
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  const autoDeleteObjects = props.autoDeleteObjects ?? false;
  if (autoDeleteObjects && removalPolicy !== RemovalPolicy.DESTROY) {
    problems.push(`${spellProp('autoDeleteObjects')} is true but ${spellProp('removalPolicy')} is ${removalPolicy}: set ${spellProp('removalPolicy')} to RemovalPolicy.DESTROY, or drop ${spellProp('autoDeleteObjects')}`);
  }

  // CORS cache, API throttling, function.
  const corsMaxAge = props.corsMaxAge ?? BUCKET_DEFAULTS.corsMaxAge;
  const corsSeconds = corsMaxAge.toSeconds({ integral: false });
  if (!Token.isUnresolved(corsSeconds) && (!Number.isInteger(corsSeconds) || corsSeconds < 0 || corsSeconds > MAX_CORS_AGE_SECONDS)) {
    problems.push(`${spellProp('corsMaxAge')} is ${corsMaxAge.toHumanString()}: use whole seconds from 0 to Duration.hours(24)`);
  }
  const rateLimit = props.throttle?.rateLimit ?? BUCKET_DEFAULTS.throttleRateLimit;
  if (!Token.isUnresolved(rateLimit) && !(rateLimit > 0 && Number.isFinite(rateLimit))) {
    problems.push(`${spellProp('throttle.rateLimit')} is ${rateLimit}: use a positive number of requests per second`);
  }
  const burstLimit = props.throttle?.burstLimit ?? BUCKET_DEFAULTS.throttleBurstLimit;
  if (!Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit > 0)) {
    problems.push(`${spellProp('throttle.burstLimit')} is ${burstLimit}: use a positive whole number of requests`);
  }
  const reservedConcurrency = props.presignReservedConcurrency;
  const validConcurrency = reservedConcurrency === undefined || Token.isUnresolved(reservedConcurrency)
    || (Number.isInteger(reservedConcurrency) && reservedConcurrency >= 1);
  if (!validConcurrency) {
    problems.push(`${spellProp('presignReservedConcurrency')} is ${reservedConcurrency}: use a whole number >= 1, or omit it`);
  }

  // Runtime: the bundle targets Node.js 22 (esbuild target node22).
  const runtime = props.presignRuntime ?? BUCKET_DEFAULTS.presignRuntime;
  if (!Token.isUnresolved(runtime.name)) {
    const major = /^nodejs(\d+)\.x$/.exec(runtime.name);
    if (runtime.family !== RuntimeFamily.NODEJS || major === null) {
      problems.push(`${spellProp('presignRuntime')} is ${runtime.name}: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime`);
    } else if (Number(major[1]) < MIN_NODE_MAJOR) {
      problems.push(`${spellProp('presignRuntime')} is ${runtime.name}: the bundled handler is built for Node.js ${MIN_NODE_MAJOR}, use Runtime.NODEJS_22_X or newer`);
    }
  }

  // Transfer Acceleration: offered in the aws partition, not in every Region.
  const transferAcceleration = props.transferAcceleration ?? false;
  const accelerationProblem = transferAcceleration ? describeAccelerationRegionProblem(region) : undefined;
  if (accelerationProblem !== undefined) problems.push(`${spellProp('transferAcceleration')} is true, but ${accelerationProblem}`);
  const accelerationRegionUnverified = transferAcceleration && accelerationProblem === undefined && !TRANSFER_ACCELERATION_REGIONS.includes(region);

  // Results distribution.
  const resultsDomain = props.resultsDomain;
  if (resultsDomain !== undefined && !Token.isUnresolved(resultsDomain.domainNames)) {
    if (resultsDomain.domainNames.length === 0) {
      problems.push(`${spellProp('resultsDomain.domainNames')} is empty: list the names the certificate covers, e.g. ["files.example.com"], or omit ${spellProp('resultsDomain')}`);
    }
    for (const name of resultsDomain.domainNames) {
      const problem = Token.isUnresolved(name) ? undefined : describeDomainNameProblem(name);
      if (problem !== undefined) problems.push(`${spellProp('resultsDomain.domainNames')} entry "${name}" ${problem}`);
    }
  }

  const auth = props.auth ?? PresignAuth.iam();
  problems.push(...auth._problems());

  const quotas = resolveQuotas(props.quotas, maxBytes, problems);

  if (problems.length > 0) {
    throw new ValidationError('Invalid PresignedUploadBucket props', `\n  - ${problems.join('\n  - ')}`, scope);
  }

  return {
    origins,
    anyOrigin,
    hasWildcardOrigin: origins.some((o) => !Token.isUnresolved(o) && isWildcardOrigin(o)),
    auth,
    maxBytes,
    multipart,
    transferAcceleration,
    accelerationRegionUnverified,
    expiresSeconds,
    allowedContentTypes,
    executableContentTypes,
    uploadPrefix,
    expireUploadsAfter,
    malwareProtection,
    encryption: props.encryption ?? UploadEncryption.s3Managed(),
    removalPolicy,
    autoDeleteObjects,
    corsMaxAge,
    throttle: { rateLimit, burstLimit },
    reservedConcurrency,
    runtime,
    runtimeChosen: props.presignRuntime !== undefined,
    logRetention: props.logRetention ?? BUCKET_DEFAULTS.logRetention,
    resultsDomain,
    priceClass: props.priceClass ?? BUCKET_DEFAULTS.priceClass,
    distributionLogBucket: props.distributionLogBucket,
    serverAccessLogsBucket: props.serverAccessLogsBucket,
    quotas,
  };
}

/** `size` in bytes; where it is no whole number, a problem and `otherwise`. */
function wholeBytes(size: Size, prop: string, problems: string[], otherwise = 1): number {
  try {
    return size.toBytes();
  } catch {
    problems.push(`${spellProp(prop)} is not a whole number of bytes: use e.g. Size.mebibytes(100)`);
    return otherwise;
  }
}

/**
 * The multipart threshold in bytes, or undefined when multipart is off:
 * explicitly, or by default because no allowed file is above the default
 * threshold. A choice that contradicts maxUploadSize is a problem.
 */
function resolveMultipart(multipart: MultipartUpload | undefined, maxBytes: number, problems: string[]): MultipartSettings | undefined {
  const maxKnown = !Token.isUnresolved(maxBytes);
  if (multipart !== undefined && !multipart.isEnabled) {
    if (maxKnown && maxBytes > MAX_SINGLE_UPLOAD_BYTES) {
      problems.push(`${spellProp('maxUploadSize')} is ${describeBytes(maxBytes)}, over the 5 GiB a single PUT carries, but ${spellProp('multipartUpload')} is MultipartUpload.disabled(): `
        + `use MultipartUpload.enabled(), or a ${spellProp('maxUploadSize')} of at most Size.gibibytes(5)`);
    }
    return undefined;
  }
  const partSize = resolvePartSize(multipart?.partSize ?? MultipartUpload.DEFAULT_PART_SIZE, problems);
  const threshold = multipart?.threshold ?? MultipartUpload.DEFAULT_THRESHOLD;
  if (threshold.isUnresolved()) return { threshold: threshold.toBytes(), partSize };
  const bytes = wholeBytes(threshold, 'multipartUpload threshold', problems);
  if (!Number.isInteger(bytes) || bytes < MIN_PART_BYTES || bytes > MAX_SINGLE_UPLOAD_BYTES) {
    problems.push(`${spellProp('multipartUpload')} threshold is ${describeBytes(bytes)}: use a whole number of bytes from Size.mebibytes(5) (S3's smallest part) to Size.gibibytes(5) (the largest single PUT)`);
    return undefined;
  }
  if (maxKnown && bytes >= maxBytes) {
    if (multipart === undefined) return undefined; // the default: no allowed file is large enough
    problems.push(`${spellProp('multipartUpload')} threshold is ${describeBytes(bytes)}, not below ${spellProp('maxUploadSize')} (${describeBytes(maxBytes)}), so no file would be uploaded in parts: `
      + `lower the threshold, raise ${spellProp('maxUploadSize')}, or use MultipartUpload.disabled()`);
    return undefined;
  }
  return { threshold: bytes, partSize };
}

/** The part size in bytes: S3's smallest part (5 MiB) to its largest (5 GiB). */
function resolvePartSize(partSize: Size, problems: string[]): number {
  if (partSize.isUnresolved()) return partSize.toBytes();
  const bytes = wholeBytes(partSize, 'multipartUpload partSize', problems, MIN_PART_BYTES);
  if (bytes < MIN_PART_BYTES || bytes > MAX_PART_BYTES) {
    problems.push(`${spellProp('multipartUpload')} ${spellProp('partSize')} is ${describeBytes(bytes)}: use a whole number of bytes from Size.mebibytes(5) `
      + '(S3\'s smallest part) to Size.gibibytes(5) (its largest)');
  }
  return bytes;
}

/**
 * The Regions known to offer Transfer Acceleration: every commercial Region
 * that existed when the S3 User Guide's "Requirements for using Transfer
 * Acceleration" (transfer-acceleration.html, as archived in
 * awsdocs/amazon-s3-userguide) said it is supported "in all AWS Regions
 * except" the ones in `TRANSFER_ACCELERATION_UNSUPPORTED_REGIONS`; these are
 * also the Regions of AWS's Transfer Acceleration speed comparison tool.
 * Regions opened since are not vouched for: the construct warns there.
 */
export const TRANSFER_ACCELERATION_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
];

/**
 * The Regions known not to offer Transfer Acceleration, where enabling it
 * fails in CloudFormation (405 MethodNotAllowed): the six the S3 User Guide
 * lists under "Requirements for using Transfer Acceleration", and
 * eu-south-2, reported answering 405 in 2026 (chanzuckerberg/cztack#911).
 */
export const TRANSFER_ACCELERATION_UNSUPPORTED_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-northeast-3', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'me-south-1',
];

/**
 * Why Transfer Acceleration can't work in `region`, or undefined: it is
 * offered in the `aws` partition only, its endpoint is global, and the stack
 * must name its region, so that the endpoint and its signature are fixed at
 * synth.
 */
function describeAccelerationRegionProblem(region: string): string | undefined {
  if (Token.isUnresolved(region)) {
    return 'the stack has no concrete region (it is environment-agnostic): give the stack an env with a region, '
      + 'so the construct can check that Transfer Acceleration is offered there';
  }
  // The aws partition's Regions are `xx-name-N`; China's start with `cn-`, GovCloud's and the isolated ones have more parts.
  if (!/^[a-z]{2}-[a-z]+-\d+$/.test(region) || region.startsWith('cn-')) {
    return `the stack's region "${region}" is not of the "aws" partition (China, GovCloud and the isolated partitions `
      + `have no Transfer Acceleration): remove ${spellProp('transferAcceleration')}`;
  }
  if (TRANSFER_ACCELERATION_UNSUPPORTED_REGIONS.includes(region)) {
    return `AWS does not offer it for buckets in ${region} (${TRANSFER_ACCELERATION_UNSUPPORTED_REGIONS.join(', ')}): `
      + `remove ${spellProp('transferAcceleration')}, or deploy the stack in another Region`;
  }
  return undefined;
}

