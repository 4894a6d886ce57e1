import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the relay does to the first PUT of one part (`change-byte-always`: to every PUT of it). */
export type PartFault = 'truncate' | 'change-byte' | 'change-byte-always';

/** One request the relay forwarded, and what the S3 server answered (`status` 0: the relay cut it, so there was no answer). */
export interface RelayedRequest {
  readonly method: string;
  readonly partNumber?: number;
  readonly fault?: PartFault;
  readonly status: number;
  readonly s3ErrorCode?: string;
}

/**
 * An HTTP relay between a browser and an S3 server, standing for whatever
 * lies between them (a proxy, a flaky network, a broken NIC): it forwards
 * every request as it is, Host header included, so presigned URLs made for
 * the relay's address verify at the server; and on the first PUT of a chosen
 * part it either cuts the body halfway and drops the connection
 * (`truncate`), or changes one byte in the middle of the body (`change-byte`;
 * `change-byte-always` on every PUT of the part). Part 0 stands for a
 * single PUT, which has no part number.
 */
export class CorruptingRelay {
  public static async start(upstream: string, faults: Readonly<Record<number, PartFault>>): Promise<CorruptingRelay> {
    const relay = new CorruptingRelay(new URL(upstream), faults);
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  /** Every request forwarded, in order of their answers. */
  public readonly requests: RelayedRequest[] = [];
  private readonly server: http.Server;
  private readonly faulted = new Set<number>();

  private constructor(private readonly upstream: URL, private readonly faults: Readonly<Record<number, PartFault>>) {
    this.server = http.createServer((req, res) => this.forward(req, res));
  }

  /** The relay's base URL, to presign for (AWS_ENDPOINT_URL_S3). */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Does each fault again, to the next first PUT of its part, as if the relay had just started. */
  public rearm(): void {
    this.faulted.clear();
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const partParam = new URL(req.url ?? '/', 'http://relay').searchParams.get('partNumber');
    const partNumber = partParam === null ? undefined : Number(partParam);
    let fault: PartFault | undefined = undefined;
    const part = partNumber ?? 0;
    if (req.method === 'PUT' && this.faults[part] !== undefined && (!this.faulted.has(part) || this.faults[part] === 'change-byte-always')) {
      this.faulted.add(part);
      fault = this.faults[part];
    }
    const upstreamRequest = http.request({
      host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (upstreamResponse) => {
      const chunks: Buffer[] = [];
      upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
      upstreamResponse.on('end', () => {
        const body = Buffer.concat(chunks);
        const code = /<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1];
        this.requests.push({ method: req.method ?? '', partNumber, fault, status: upstreamResponse.statusCode ?? 0, s3ErrorCode: code });
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        res.end(body);
      });
    });
    upstreamRequest.on('error', () => res.destroy());
    const length = Number(req.headers['content-length'] ?? 0);
    let seen = 0;
    let cut = false;
    req.on('data', (chunk: Buffer) => {
      if (cut) return;
      const start = seen;
      seen += chunk.length;
      if (fault === 'truncate' && seen >= length / 2) {
        cut = true;
        upstreamRequest.write(chunk.subarray(0, Math.max(0, Math.floor(length / 2) - start)));
        // The connection drops mid-body: the server sees a short body, the browser a network error.
        this.requests.push({ method: req.method ?? '', partNumber, fault, status: 0 });
        upstreamRequest.destroy();
        req.socket.destroy();
        return;
      }
      const middle = Math.floor(length / 2);
      if (fault?.startsWith('change-byte') && start <= middle && middle < seen) {
        const copy = Buffer.from(chunk);
        copy[middle - start] = copy[middle - start] === 0 ? 1 : 0; // one byte changed
        upstreamRequest.write(copy);
        return;
      }
      upstreamRequest.write(chunk);
    });
    req.on('end', () => upstreamRequest.end());
  }
}
