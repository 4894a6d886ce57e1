import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

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

  /** A token that this stand-in accepts until `expiresAtMs` by its clock. */
  public static tokenExpiringAt(expiresAtMs: number): string {
    return `token:${expiresAtMs}`;
  }

  /** Every call, in order: its operation and the tokens it carried. */
  public readonly calls: Array<{ readonly operation: string; readonly tokens: string[] }> = [];
  /** Added to the real clock: how far the stand-in's time is ahead. */
  public clockOffsetMs = 0;
  private readonly server: http.Server;

  private constructor(private readonly credentialLifetimeMs: number) {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => this.answer(String(req.headers['x-amz-target']), body, res));
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

  private answer(target: string, body: string, res: http.ServerResponse): void {
    const input = JSON.parse(body || '{}');
    const operation = target.replace('AWSCognitoIdentityService.', '');
    const tokens = Object.values<string>(input.Logins ?? {});
    this.calls.push({ operation, tokens });
    const expired = tokens.find((token) => Number(token.split(':')[1]) <= this.now());
    if (expired !== undefined) {
      return this.send(res, 400, { __type: 'NotAuthorizedException', message: 'Invalid login token. Token expired.' });
    }
    switch (operation) {
      case 'GetId':
        return this.send(res, 200, { IdentityId: `eu-west-1:${randomUUID()}` });
      case 'GetCredentialsForIdentity':
        return this.send(res, 200, {
          IdentityId: input.IdentityId,
          Credentials: {
            AccessKeyId: 'ASIAEXAMPLECOGNITO01',
            SecretKey: 'secret',
            SessionToken: `session-${this.calls.length}`,
            Expiration: (Date.now() + this.credentialLifetimeMs) / 1000,
          },
        });
      default:
        return this.send(res, 400, { __type: 'UnknownOperationException', message: operation });
    }
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (status !== 200) headers['x-amzn-errortype'] = (body as { __type: string }).__type;
    res.writeHead(status, headers).end(JSON.stringify(body));
  }
}
