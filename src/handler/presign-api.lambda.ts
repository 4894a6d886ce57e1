/**
 * Lambda adapter of the presign endpoint (API Gateway HTTP API, payload v2).
 * It only translates HTTP to the pure functions in this folder and back; it
 * touches no network and no SDK. Bundled by projen into assets/.
 */
import { randomUUID } from 'node:crypto';
import { iamCaller, jwtCaller, type Caller, type IamAuthorizerContext } from './caller';
import type { SigningCredentials } from './object-request-signer';
import { loadPresignConfig, type CallerSource, type PresignConfig } from './presign-config';
import { presignRequest } from './presign-request';
import { RequestError } from './request-error';
import { SigningKeyCache } from './sigv4';
import { parseUploadRequest } from './upload-request';

/** The part of an HTTP API (payload 2.0) event the handler reads. */
export interface HttpApiEvent {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly http?: { readonly method?: string };
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

function respond(statusCode: number, body: unknown): HttpApiResult {
  return { statusCode, headers: RESPONSE_HEADERS, body: JSON.stringify(body) };
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
    const upload = presignRequest(request, config, {
      now: new Date(),
      id: randomUUID(),
      caller: callerOf(event, config.keyByCaller?.source),
      credentials: readCredentials(process.env),
    }, signingKeys);
    return respond(200, upload);
  } catch (error) {
    if (error instanceof RequestError) {
      return respond(error.status, { code: error.code, message: error.message });
    }
    console.error(error);
    return respond(500, { code: 'INTERNAL_ERROR', message: 'The upload could not be presigned.' });
  }
}
