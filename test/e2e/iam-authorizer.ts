import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../smithy-presign';

/** One request as API Gateway received it, before its authorizer. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What an authorizer answers when it refuses: API Gateway's 403, and the function is never invoked. */
export class AuthorizerRefusal extends Error {}

/** Credentials the stand-in knows, and how API Gateway describes their holder (`requestContext.authorizer.iam`). */
export interface KnownCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly iam: {
    readonly accountId: string;
    readonly userArn: string;
    readonly userId: string;
    readonly cognitoIdentity: { readonly amr: string[]; readonly identityId: string; readonly identityPoolId: string } | null;
  };
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
/** How far a request's X-Amz-Date may be from the server's clock, as AWS allows. */
const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * A stand-in for API Gateway's IAM authorizer (`PresignAuth.iam()`), for the
 * local API: it recomputes each request's SigV4 header signature with AWS's
 * own signer, `@smithy/signature-v4`, from the credentials it knows, and
 * refuses an unsigned request, an unknown key, a wrong region or service, a
 * stale date, a session token other than the credentials', and any change to
 * a signed header, the path, the query or the body. A signed request is
 * described as API Gateway describes it to the function.
 */
export class IamAuthorizerStandIn {
  /** Why each refused request was refused. */
  public readonly refusals: string[] = [];

  constructor(private readonly region: string, private readonly known: readonly KnownCredentials[]) {}

  /** The `requestContext.authorizer` of a request whose signature verifies; throws AuthorizerRefusal otherwise. */
  public async authorize(request: ReceivedRequest): Promise<unknown> {
    try {
      const caller = await this.verify(request);
      return {
        iam: {
          accessKey: caller.accessKeyId,
          accountId: caller.iam.accountId,
          callerId: caller.iam.userId,
          cognitoIdentity: caller.iam.cognitoIdentity,
          principalOrgId: null,
          userArn: caller.iam.userArn,
          userId: caller.iam.userId,
        },
      };
    } catch (error) {
      if (error instanceof AuthorizerRefusal) this.refusals.push(error.message);
      throw error;
    }
  }

  private async verify(request: ReceivedRequest): Promise<KnownCredentials> {
    const authorization = request.headers.authorization;
    if (authorization === undefined) throw new AuthorizerRefusal('no Authorization header');
    const parsed = AUTHORIZATION.exec(authorization);
    if (parsed === null) throw new AuthorizerRefusal('the Authorization header is not SigV4');
    const [, accessKeyId, day, region, service, signedHeaderList, signature] = parsed;
    const caller = this.known.find((c) => c.accessKeyId === accessKeyId);
    if (caller === undefined) throw new AuthorizerRefusal(`unknown access key ${accessKeyId}`);
    if (region !== this.region || service !== 'execute-api') throw new AuthorizerRefusal(`signed for ${region}/${service}`);
    const amzDate = request.headers['x-amz-date'] ?? '';
    const match = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate);
    if (match === null || !amzDate.startsWith(day)) throw new AuthorizerRefusal(`X-Amz-Date ${amzDate} is not the credential's day`);
    const signingDate = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]));
    if (Math.abs(signingDate.getTime() - Date.now()) > CLOCK_SKEW_MS) throw new AuthorizerRefusal(`X-Amz-Date ${amzDate} is stale`);
    const signedHeaders = signedHeaderList.split(';');
    for (const required of ['host', 'x-amz-date', ...(caller.sessionToken ? ['x-amz-security-token'] : [])]) {
      if (!signedHeaders.includes(required)) throw new AuthorizerRefusal(`${required} is not signed`);
    }
    if (caller.sessionToken !== undefined && request.headers['x-amz-security-token'] !== caller.sessionToken) {
      throw new AuthorizerRefusal('the session token is not the credentials\'');
    }

    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) throw new AuthorizerRefusal(`signed header ${name} is missing`);
      headers[name] = value;
    }
    const [hostname, port] = headers.host.split(':');
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(request.query)) query[name] = value;
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: caller.secretAccessKey, sessionToken: caller.sessionToken },
      region,
      service,
      sha256: NodeSha256 as any,
      applyChecksum: false,
    });
    const expected = await signer.sign({
      method: request.method,
      protocol: 'http:',
      hostname,
      port: port === undefined ? undefined : Number(port),
      path: request.path,
      query,
      headers,
      body: request.body,
    }, { signingDate, signableHeaders: new Set(signedHeaders) });
    const recomputed = AUTHORIZATION.exec(expected.headers.authorization);
    if (recomputed?.[5] !== signedHeaderList) throw new AuthorizerRefusal(`signed headers ${signedHeaderList}, recomputed ${recomputed?.[5]}`);
    if (recomputed[6] !== signature) throw new AuthorizerRefusal('the signature does not match');
    return caller;
  }
}
