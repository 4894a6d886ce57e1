import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizerRefusal, type ReceivedRequest } from './iam-authorizer';
import type { ApiCors } from './synthesized-upload-stack';

/** A route's authorizer: the event's `requestContext.authorizer` for a request, or an AuthorizerRefusal thrown. */
export type Authorizer = (request: ReceivedRequest) => unknown;

/** Something that handles API Gateway HTTP API (payload 2.0) events. */
export interface HttpApiIntegration {
  invoke(event: unknown): Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;
}

function originAllowed(cors: ApiCors, origin: string): boolean {
  return cors.AllowOrigins.some((allowed) => allowed === '*' || allowed === origin
    || (allowed.includes('*') && new RegExp(`^${allowed.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}$`).test(origin)));
}

function headersAllowed(cors: ApiCors, requested: string | undefined): boolean {
  if (!requested) return true;
  const allowed = new Set(cors.AllowHeaders.map((h) => h.toLowerCase()));
  return allowed.has('*') || requested.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean).every((h) => allowed.has(h));
}

/**
 * A local stand-in for the synthesized HTTP API: one route (`POST {path}`)
 * turned into payload 2.0 events for `integration`, and CORS answered the
 * way API Gateway answers it from the API's CorsConfiguration: a preflight
 * gets the CORS headers only if origin, method and headers are all allowed,
 * and never reaches the integration.
 */
export class LocalHttpApi {
  /**
   * `authorizer`, when given, stands in for the route's authorizer: it turns
   * the request into the event's `requestContext.authorizer`, or refuses it
   * by throwing an AuthorizerRefusal, which API Gateway answers with 403
   * without invoking the integration (the tests' fake JWT authorizer takes
   * `Authorization: Bearer <sub>` as the sub claim; IamAuthorizerStandIn
   * verifies SigV4 signatures).
   */
  public static async start(cors: ApiCors, routes: Record<string, HttpApiIntegration>,
    authorizer?: Authorizer): Promise<LocalHttpApi> {
    const api = new LocalHttpApi(cors, routes, authorizer);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** Every request the API received, as "METHOD path". */
  public readonly requests: string[] = [];
  /** The Authorization header of every request that had one. */
  public readonly authorizations: string[] = [];
  /** Requests the authorizer refused, as "METHOD path". */
  public readonly refused: string[] = [];
  private readonly server: http.Server;

  private constructor(private readonly cors: ApiCors, private readonly routes: Record<string, HttpApiIntegration>,
    private readonly authorizer?: Authorizer) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks).toString('utf8'))
          .then(({ statusCode, headers, body }) => {
            res.writeHead(statusCode, headers);
            res.end(body);
          })
          .catch((error) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(String(error));
          });
      });
    });
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: http.IncomingMessage, body: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const query = url.slice(path.length + 1);
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${path}`);
    if (req.headers.authorization) this.authorizations.push(req.headers.authorization);
    const origin = req.headers.origin;
    const corsHeaders: Record<string, string> = {};
    if (origin !== undefined && originAllowed(this.cors, origin)) {
      corsHeaders['access-control-allow-origin'] = origin;
      corsHeaders.vary = 'origin';
      if (this.cors.AllowCredentials) corsHeaders['access-control-allow-credentials'] = 'true';
    }

    const requestedMethod = req.headers['access-control-request-method'];
    if (method === 'OPTIONS' && origin !== undefined && requestedMethod !== undefined) {
      const allowed = corsHeaders['access-control-allow-origin'] !== undefined
        && this.cors.AllowMethods.some((m) => m === '*' || m === requestedMethod)
        && headersAllowed(this.cors, req.headers['access-control-request-headers']);
      if (!allowed) return { statusCode: 204, headers: {}, body: '' };
      return {
        statusCode: 204,
        headers: {
          ...corsHeaders,
          'access-control-allow-methods': this.cors.AllowMethods.join(','),
          'access-control-allow-headers': this.cors.AllowHeaders.join(','),
          ...(this.cors.MaxAge !== undefined ? { 'access-control-max-age': String(this.cors.MaxAge) } : {}),
        },
        body: '',
      };
    }

    const integration = this.routes[`${method} ${path}`];
    if (integration === undefined) {
      return { statusCode: 404, headers: { 'content-type': 'application/json', ...corsHeaders }, body: '{"message":"Not Found"}' };
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    let authorizer: unknown;
    try {
      authorizer = await this.authorizer?.({ method, path, query, headers, body });
    } catch (error) {
      if (!(error instanceof AuthorizerRefusal)) throw error;
      this.refused.push(`${method} ${path}`);
      return { statusCode: 403, headers: { 'content-type': 'application/json', ...corsHeaders }, body: '{"message":"Forbidden"}' };
    }
    const result = await integration.invoke({
      version: '2.0',
      routeKey: `${method} ${path}`,
      rawPath: path,
      rawQueryString: query,
      headers,
      body,
      isBase64Encoded: false,
      requestContext: {
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        ...(this.authorizer ? { authorizer } : {}),
      },
    });
    if (this.cors.ExposeHeaders?.length && corsHeaders['access-control-allow-origin']) {
      corsHeaders['access-control-expose-headers'] = this.cors.ExposeHeaders.join(',');
    }
    return { statusCode: result.statusCode, headers: { ...(result.headers ?? {}), ...corsHeaders }, body: result.body ?? '' };
  }
}
