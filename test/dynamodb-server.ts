import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort, waitUntilListening } from './e2e/free-port';
import { DynamoDbClient, dynamoDbEndpoint } from '../src/handler/quota/dynamodb-client';

import { SigningKeyCache } from '../src/handler/sigv4/sigv4';
import { QUOTA_TABLE } from '../src/shared/quota-limits';

/** Credentials for local servers (dynalite checks that requests are signed, not by whom). */
/** The region the tests' functions run in, and sign DynamoDB calls for. */
export const LOCAL_DYNAMODB_REGION = 'eu-west-1';
export const LOCAL_DYNAMODB_CREDENTIALS = { accessKeyId: 'AKIAQUOTATESTEXAMPLE', secretAccessKey: 'quota/test/secret/not/a/real/key/EXAMPLE0' };

/** The DynamoDB-compatible servers the tests run against, both by other teams. */
export type DynamoDbServerKind = 'dynalite' | 'moto';

/**
 * A DynamoDB-compatible server on 127.0.0.1: dynalite (Apache-2.0, an npm
 * dev dependency, in memory, in this process) or moto in server mode
 * (Apache-2.0, installed by `npx projen test:tools` as `.tools/bin/moto_server`,
 * or wherever `MOTO_SERVER` points), run by test/moto-server.py so that it
 * serializes requests as DynamoDB serializes writes to an item. `stop()` also cuts the connections
 * clients keep alive, as a crashed server would.
 */
export class DynamoDbServer {
  public static async start(kind: DynamoDbServerKind = 'dynalite'): Promise<DynamoDbServer> {
    return kind === 'moto' ? DynamoDbServer.startMoto() : DynamoDbServer.startDynalite();
  }

  private static async startDynalite(): Promise<DynamoDbServer> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dynalite = require('dynalite');
    const server: net.Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const sockets = new Set<net.Socket>();
    let opened = 0;
    server.on('connection', (socket: net.Socket) => {
      opened += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new DynamoDbServer(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }, () => opened);
  }

  private static async startMoto(): Promise<DynamoDbServer> {
    const binary = process.env.MOTO_SERVER ?? `${__dirname}/../.tools/bin/moto_server`;
    const port = await freePort();
    // moto's own Python, beside its moto_server, runs moto-server.py: moto, one request at a time.
    const python = path.join(path.dirname(fs.realpathSync(binary)), 'python3');
    const child: ChildProcess = spawn(python, [path.join(__dirname, 'moto-server.py'), '127.0.0.1', String(port)], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await waitUntilListening(port, 15_000, () => `moto_server (${binary}) did not start on port ${port}: run "npx projen test:tools" or set MOTO_SERVER`, child);
    } catch (error) {
      child.kill();
      throw error;
    }
    return new DynamoDbServer(`http://127.0.0.1:${port}`, async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }, () => undefined);
  }

  public readonly client: DynamoDbClient;

  private constructor(public readonly endpoint: string, private readonly halt: () => Promise<void>,
    /** TCP connections clients have opened so far (dynalite only). */
    public readonly connectionsOpened: () => number | undefined) {
    // The region every test signs for: moto keeps tables per region.
    this.client = new DynamoDbClient(dynamoDbEndpoint(LOCAL_DYNAMODB_REGION, 'amazonaws.com', endpoint), LOCAL_DYNAMODB_REGION, new SigningKeyCache());
  }

  /** Calls the server with the project's own client. */
  public send(operation: string, input: unknown): Promise<any> {
    return this.client.send(operation, input, LOCAL_DYNAMODB_CREDENTIALS, AbortSignal.timeout(5000));
  }

  /** Creates a table shaped as the construct's quota table: a string partition key, on-demand. */
  public async createQuotaTable(name: string): Promise<void> {
    await this.send('CreateTable', {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: QUOTA_TABLE.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: QUOTA_TABLE.partitionKey, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  }

  /** Every counter of a table: key to `used`. */
  public async counters(table: string): Promise<Record<string, number>> {
    const answer = await this.send('Scan', { TableName: table });
    return Object.fromEntries(answer.Items.map((item: any) => [item[QUOTA_TABLE.partitionKey].S, Number(item[QUOTA_TABLE.used].N)]));
  }

  public async stop(): Promise<void> {
    await this.halt();
  }
}

/**
 * A TCP relay in front of a server that holds every answer back for
 * `delayMs`, as a slow or overloaded DynamoDB would.
 */
export class DelayingRelay {
  public static async start(target: string, delayMs: number): Promise<DelayingRelay> {
    const { hostname, port } = new URL(target);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(port), hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => setTimeout(() => { if (!client.destroyed) client.write(chunk); }, relay.delayMs));
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new DelayingRelay(server, sockets, `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, delayMs);
    return relay;
  }

  private constructor(private readonly server: net.Server, private readonly sockets: Set<net.Socket>, public readonly endpoint: string,
    public delayMs: number) {}

  public async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
