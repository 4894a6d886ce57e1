import type * as Http from 'node:http';
import type { SigningCredentials } from '../sigv4/object-request-signer';
import { signHeaders } from '../sigv4/signed-headers';
import { toAmzDate, type SigningKeyCache } from '../sigv4/sigv4';

/** Where DynamoDB's JSON API answers. */
export interface DynamoDbEndpoint {
  /** `https:`, or `http:` for a local server. */
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  /** The Host header, with a non-default port. */
  readonly host: string;
}

/**
 * DynamoDB's regional endpoint (`dynamodb.{region}.{suffix}`), or the
 * standard `AWS_ENDPOINT_URL_DYNAMODB` variable's when set (local servers).
 */
export function dynamoDbEndpoint(region: string, urlSuffix: string, endpointOverride?: string): DynamoDbEndpoint {
  if (endpointOverride) {
    const url = new URL(endpointOverride);
    return { protocol: url.protocol, hostname: url.hostname, port: url.port === '' ? undefined : Number(url.port), host: url.host };
  }
  const host = `dynamodb.${region}.${urlSuffix}`;
  return { protocol: 'https:', hostname: host, host };
}

/** A refusal or failure DynamoDB answered with: its HTTP status and its error type (`ConditionalCheckFailedException`). */
export class DynamoDbError extends Error {
  constructor(public readonly status: number, public readonly type: string, message: string) {
    super(`DynamoDB answered ${status} ${type}: ${message}`);
    this.name = 'DynamoDbError';
  }
}

/** Largest answer read; DynamoDB's to the calls made here are a few hundred bytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** What the client uses of `node:http` and `node:https`, which share these shapes. */
type Transport = Pick<typeof Http, 'Agent' | 'request'>;

/**
 * `node:https` (or `node:http` for a local server), loaded when the first
 * client is made: loading `node:https` takes about 4 ms of a cold start,
 * which a function without quotas does not pay (CONTRIBUTING.md, Benchmark).
 */
function transportOf(protocol: DynamoDbEndpoint['protocol']): Transport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return protocol === 'http:' ? require('node:http') : require('node:https');
}

/**
 * A minimal client of DynamoDB's JSON protocol (`application/x-amz-json-1.0`)
 * over `node:https`: each call is one POST, signed with SigV4 in its headers,
 * on connections kept alive between calls and invocations.
 */
export class DynamoDbClient {
  private readonly transport: Transport;
  private readonly agent: Http.Agent;

  constructor(
    private readonly endpoint: DynamoDbEndpoint,
    private readonly region: string,
    private readonly signingKeys: SigningKeyCache,
  ) {
    this.transport = transportOf(endpoint.protocol);
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 16 });
  }

  /**
   * Calls `operation` (for example `UpdateItem`) with `input`, and resolves
   * with DynamoDB's answer. Rejects with a DynamoDbError when DynamoDB refuses,
   * or with the network's error, or when `signal` aborts first.
   */
  public send(operation: string, input: unknown, credentials: SigningCredentials, signal: AbortSignal): Promise<unknown> {
    const body = JSON.stringify(input);
    const now = new Date();
    const signingKey = this.signingKeys.get(credentials.secretAccessKey, toAmzDate(now).slice(0, 8), this.region, 'dynamodb');
    const headers = signHeaders({
      method: 'POST',
      host: this.endpoint.host,
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
      body,
      region: this.region,
      service: 'dynamodb',
      accessKeyId: credentials.accessKeyId,
      sessionToken: credentials.sessionToken,
      signedAt: now,
    }, signingKey);
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      const request = this.transport.request({
        protocol: this.endpoint.protocol,
        hostname: this.endpoint.hostname,
        port: this.endpoint.port,
        method: 'POST',
        path: '/',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: this.agent,
        signal,
      }, (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > MAX_ANSWER_BYTES) {
            response.destroy(new Error(`DynamoDB's answer is over ${MAX_ANSWER_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          let answer: Record<string, unknown> = {};
          try {
            answer = text === '' ? {} : JSON.parse(text);
          } catch {
            answer = { message: text.slice(0, 200) };
          }
          if (status === 200) {
            resolve(answer);
          } else {
            const type = String(answer.__type ?? 'UnknownError').replace(/^.*#/, '');
            reject(new DynamoDbError(status, type, String(answer.message ?? answer.Message ?? '')));
          }
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
