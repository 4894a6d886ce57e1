import * as net from 'node:net';

/** An emulated access link: its rate each way and its round-trip time. */
export interface LinkSettings {
  /** Capacity of each direction, in bits per second. */
  readonly bitsPerSecond: number;
  /** Round-trip time added to every exchange, in milliseconds (half each way). */
  readonly roundTripMs: number;
}

/** Largest piece the link sends at once, so that connections share it finely. */
const SEGMENT_BYTES = 16 * 1024;

/**
 * One direction of the link, shared by every connection over it: bytes leave
 * one after another at the link's rate (serialization) and arrive half a
 * round trip later (propagation). What waits to leave is the link's buffer.
 */
class Direction {
  private freeAt = 0;
  /** What is on its way, in order of arrival; one timer delivers it, so nothing overtakes. */
  private readonly inFlight: Array<{ readonly at: number; readonly arrive: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly bytesPerMs: number, private readonly delayMs: number) {}

  /** Queues `chunk`; `deliver` runs when its last byte arrives. Returns how long the queue now takes to drain, in ms. */
  public send(chunk: Buffer, deliver: (chunk: Buffer) => void): number {
    const now = performance.now();
    this.freeAt = Math.max(now, this.freeAt) + chunk.length / this.bytesPerMs;
    this.enqueue(this.freeAt + this.delayMs, () => deliver(chunk));
    return this.freeAt - now;
  }

  /** Runs `then` once everything queued so far has arrived. */
  public after(then: () => void): void {
    this.enqueue(Math.max(performance.now(), this.freeAt) + this.delayMs, then);
  }

  private enqueue(at: number, arrive: () => void): void {
    this.inFlight.push({ at, arrive });
    if (this.timer === undefined) this.schedule();
  }

  private schedule(): void {
    const next = this.inFlight[0];
    this.timer = next === undefined ? undefined : setTimeout(() => {
      const now = performance.now();
      while (this.inFlight.length > 0 && this.inFlight[0].at <= now + 0.5) this.inFlight.shift()!.arrive();
      this.schedule();
    }, Math.max(0, next.at - performance.now()));
  }
}

/**
 * A link emulator on loopback: TCP relays to local servers, all of them over
 * one emulated link with a bandwidth cap and a round-trip time, the way a
 * browser on a home or hotel connection reaches S3 and an API. A new
 * connection costs one round trip before data flows (the TCP handshake); a
 * sender is paused while more than two round trips of data wait in its
 * direction's buffer, as a full bottleneck queue would slow it. Userland
 * only, for machines where `tc netem` is not available.
 */
export class LinkEmulator {
  private readonly up: Direction;
  private readonly down: Direction;
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly bufferMs: number;

  constructor(private readonly settings: LinkSettings) {
    const bytesPerMs = settings.bitsPerSecond / 8 / 1000;
    this.up = new Direction(bytesPerMs, settings.roundTripMs / 2);
    this.down = new Direction(bytesPerMs, settings.roundTripMs / 2);
    this.bufferMs = Math.max(2 * settings.roundTripMs, 20);
  }

  /** A local address that reaches `upstream` (`http://host:port`) over the link; returns its base URL. */
  public async relay(upstream: string): Promise<string> {
    const target = new URL(upstream);
    const server = net.createServer((client) => this.connect(client, target.hostname, Number(target.port)));
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }

  private connect(client: net.Socket, host: string, port: number): void {
    client.pause();
    const server = net.connect({ host, port });
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    this.pipe(client, server, this.up);
    this.pipe(server, client, this.down);
    // The handshake's round trip, before the first byte may leave.
    setTimeout(() => client.resume(), this.settings.roundTripMs);
  }

  private pipe(from: net.Socket, to: net.Socket, direction: Direction): void {
    from.on('data', (data: Buffer) => {
      let queuedMs = 0;
      for (let offset = 0; offset < data.length; offset += SEGMENT_BYTES) {
        queuedMs = direction.send(data.subarray(offset, offset + SEGMENT_BYTES), (segment) => {
          if (!to.destroyed) to.write(segment);
        });
      }
      if (queuedMs > this.bufferMs) {
        from.pause();
        setTimeout(() => from.resume(), queuedMs - this.bufferMs / 2);
      }
    });
    from.on('end', () => direction.after(() => to.end()));
  }
}
