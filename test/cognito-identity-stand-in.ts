import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Credentials a stand-in issues to every identity. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** One answer of the stand-in, as HTTP. */
export interface StandInReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A stand-in for Amazon Cognito Identity's two calls a browser makes
 * (`GetId` and `GetCredentialsForIdentity`, AWS JSON 1.1 on `POST /`), on
 * 127.0.0.1. A login is a token `{provider}` → `token:{expiresAtMs}`, and,
 * like Cognito, the stand-in refuses an expired one with
 * `NotAuthorizedException`. Its clock can be moved ahead; the credentials
 * it issues expire `credentialLifetimeMs` after its clock.
 */
export class CognitoIdentityStandIn {
  public static async start(credentialLifetimeMs: number): Promise<CognitoIdentityStandIn> {
    const standIn = new CognitoIdentityStandIn(credentialLifetimeMs);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  /**
   * A stand-in that listens nowhere and issues the same `credentials` to
   * every identity, for a browser test that answers a page's calls to the
   * real Cognito endpoint with `reply` (a Playwright route).
   */
  public static issuing(credentials: IssuedCredentials, credentialLifetimeMs: number): CognitoIdentityStandIn {
    return new CognitoIdentityStandIn(credentialLifetimeMs, credentials);
  }

  /** A token that this stand-in accepts until `expiresAtMs` by its clock. */
  public static tokenExpiringAt(expiresAtMs: number): string {
    return `token:${expiresAtMs}`;
  }

  /** Every call, in order: its operation and the tokens it carried. */
  public readonly calls: Array<{ readonly operation: string; readonly tokens: string[] }> = [];
  /** Added to the real clock: how far the stand-in's time is ahead. */
  public clockOffsetMs = 0;
  private readonly server: http.Server;

  private constructor(private readonly credentialLifetimeMs: number, private readonly issued?: IssuedCredentials) {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const reply = this.reply(String(req.headers['x-amz-target']), body);
        res.writeHead(reply.status, reply.headers).end(reply.body);
      });
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The answer to one call: its `X-Amz-Target` header and its JSON body. */
  public reply(target: string, body: string): StandInReply {
    const input = JSON.parse(body || '{}');
    const operation = target.replace('AWSCognitoIdentityService.', '');
    const tokens = Object.values<string>(input.Logins ?? {});
    this.calls.push({ operation, tokens });
    const expired = tokens.find((token) => Number(token.split(':')[1]) <= this.now());
    if (expired !== undefined) {
      return this.answer(400, { __type: 'NotAuthorizedException', message: 'Invalid login token. Token expired.' });
    }
    switch (operation) {
      case 'GetId':
        return this.answer(200, { IdentityId: `eu-west-1:${randomUUID()}` });
      case 'GetCredentialsForIdentity':
        return this.answer(200, {
          IdentityId: input.IdentityId,
          Credentials: {
            AccessKeyId: this.issued?.accessKeyId ?? 'ASIAEXAMPLECOGNITO01',
            SecretKey: this.issued?.secretAccessKey ?? 'secret',
            SessionToken: this.issued?.sessionToken ?? `session-${this.calls.length}`,
            Expiration: (Date.now() + this.credentialLifetimeMs) / 1000,
          },
        });
      default:
        return this.answer(400, { __type: 'UnknownOperationException', message: operation });
    }
  }

  private answer(status: number, body: unknown): StandInReply {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (status !== 200) headers['x-amzn-errortype'] = (body as { __type: string }).__type;
    return { status, headers, body: JSON.stringify(body) };
  }
}
