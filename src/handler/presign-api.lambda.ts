/**
 * Lambda adapter of the presign endpoint (API Gateway HTTP API, payload v2).
 * It translates HTTP to the pure functions in this folder and back, and
 * fills in their one port to the network: the quota counters in DynamoDB,
 * when quotas are on. No SDK. Bundled by projen into assets/.
 */
import { randomUUID } from 'node:crypto';
import { callerKeyOf, iamCaller, identifyCaller, isGuest, jwtCaller, type Caller, type CallerSource, type IamAuthorizerContext } from './caller/caller';
import { checkRequest } from './operations/check-request';
import { loadPresignConfig, type PresignConfig, type QuotaConfig } from './presign-config';
import { openQuotaPort, type QuotaPort } from './quota/dynamodb-quota-port';
import type { QuotaUsage } from './quota/quota-counts';
import { quotaSubjects, type QuotaSubject } from './quota/quota-subjects';
import { refusalMetric } from './refusal-metric';
import { parseUploadRequest } from './request/upload-request';
import { RequestError } from './request-error';
import { ObjectRequestSigner, type SigningCredentials } from './sigv4/object-request-signer';
import { SigningKeyCache } from './sigv4/sigv4';

/** The part of an HTTP API (payload 2.0) event the handler reads. */
export interface HttpApiEvent {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly http?: { readonly method?: string; readonly sourceIp?: string };
    readonly authorizer?: {
      readonly jwt?: { readonly claims?: Readonly<Record<string, unknown>> };
      /** What API Gateway's IAM authorizer knows of a SigV4-signed caller. */
      readonly iam?: IamAuthorizerContext;
    };
  };
}

/** An HTTP API (payload 2.0) result. */
export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const RESPONSE_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const signingKeys = new SigningKeyCache();
let config: PresignConfig | undefined;
let quotaPort: QuotaPort | undefined;

function respond(statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = RESPONSE_HEADERS): HttpApiResult {
  return { statusCode, headers, body: JSON.stringify(body) };
}

/** The refusal's answer, with `Retry-After` when time lifts it; counted by code (a metric in the log), and its cause logged. */
function refuse(error: RequestError): HttpApiResult {
  process.stdout.write(refusalMetric(error.code, Date.now(), functionName()) + '\n');
  if (error.cause !== undefined) console.error(`${error.code}:`, error.cause);
  const headers = error.retryAfterSeconds === undefined
    ? RESPONSE_HEADERS
    : { ...RESPONSE_HEADERS, 'retry-after': String(error.retryAfterSeconds) };
  return respond(error.status, { code: error.code, message: error.message }, headers);
}

/**
 * The quota port, opened once per container, on the first call that counts
 * (its limits read, one keep-alive connection pool).
 */
function quotaPortOf(presign: PresignConfig, quotas: QuotaConfig): QuotaPort {
  if (quotaPort === undefined) {
    quotaPort = openQuotaPort({
      region: presign.region,
      urlSuffix: presign.urlSuffix,
      endpointOverride: presign.dynamoDbEndpointOverride,
      table: quotas.table,
      limitsJson: quotas.limitsJson,
      maxBytes: presign.maxBytes,
      credentials: () => readCredentials(process.env),
    });
  }
  return quotaPort;
}

/**
 * Counts the call against the quotas before it is signed; throws the refusal
 * (429, or 503 when the counters can't answer, unless the quotas fail open).
 */
async function takeQuotaOf(presign: PresignConfig, quotas: QuotaConfig, subjects: readonly QuotaSubject[], usage: QuotaUsage): Promise<void> {
  const taken = await quotaPortOf(presign, quotas).take(subjects, usage, Math.floor(Date.now() / 1000));
  if (taken.outcome === 'failedOpen') {
    // Signed without counting, and counted as such.
    process.stdout.write(refusalMetric('QUOTA_UNAVAILABLE_FAILED_OPEN', Date.now(), functionName()) + '\n');
    console.error('Quotas unavailable, signing anyway (failOpen):', taken.cause);
  }
}

/** The function's name, for its metrics. */
function functionName(): string {
  return process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'presign';
}

function readCredentials(env: NodeJS.ProcessEnv): SigningCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('Presign function misconfigured: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set.');
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

/**
 * Who is asking, as the authorizer says, when keys are per caller (see
 * `Caller`): the JWT `sub` claim, or the stable IAM caller. Undefined when
 * there is none; the presign step refuses that.
 */
function callerOf(event: HttpApiEvent, source: CallerSource | undefined): Caller | undefined {
  // Stryker disable next-line OptionalChaining: read only after the method check, which needs requestContext
  const authorizer = event.requestContext?.authorizer;
  switch (source) {
    case 'jwt':
      return jwtCaller(authorizer?.jwt?.claims);
    case 'iam':
      return iamCaller(authorizer?.iam);
    // Stryker disable next-line ConditionalExpression: without the default the switch returns undefined all the same
    default:
      return undefined;
  }
}

export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  try {
    const method = event.requestContext?.http?.method;
    if (method !== 'POST') {
      throw new RequestError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
    }
    config ??= loadPresignConfig(process.env);
    const request = parseUploadRequest({
      contentTypeHeader: event.headers?.['content-type'],
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
    });
    const caller = identifyCaller(callerOf(event, config.callerSource), config);
    const checked = checkRequest(request, config, { id: randomUUID(), caller });
    const quotas = config.quotas;
    if (quotas !== undefined) {
      const guest = config.callerSource === 'iam' && isGuest(event.requestContext?.authorizer?.iam);
      const origin = { callerSegment: caller?.segment, sourceIp: event.requestContext?.http?.sourceIp, guest };
      const subjects = quotaSubjects(origin, callerKeyOf(config));
      await takeQuotaOf(config, quotas, subjects, checked.usage);
    }
    const signer = new ObjectRequestSigner(config, { now: new Date(), credentials: readCredentials(process.env) }, signingKeys);
    return respond(200, checked.sign(signer));
  } catch (error) {
    if (error instanceof RequestError) {
      return refuse(error);
    }
    console.error(error);
    return respond(500, { code: 'INTERNAL_ERROR', message: 'The upload could not be presigned.' });
  }
}
