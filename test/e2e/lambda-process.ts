import { type ChildProcess, spawn } from 'node:child_process';

/** Runs one Lambda handler module in its own Node.js process, with its own environment, as Lambda does. */
const RUNNER = `
// A clock the test can move: Date.now() and new Date() run offsetMs ahead.
const RealDate = Date;
let offsetMs = 0;
globalThis.Date = class extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + offsetMs); else super(...args); }
  static now() { return RealDate.now() + offsetMs; }
};
const { handler } = require(process.argv[1]);
process.on('message', async ({ id, event, clockOffsetMs, flushMarker }) => {
  if (flushMarker !== undefined) {
    // Both streams are pipes, written asynchronously: the marker behind
    // everything written so far tells the parent it has all of it.
    process.stdout.write(flushMarker);
    process.stderr.write(flushMarker);
    process.send({ id, result: true });
    return;
  }
  if (clockOffsetMs !== undefined) {
    offsetMs = clockOffsetMs;
    process.send({ id, result: offsetMs });
    return;
  }
  try {
    process.send({ id, result: await handler(event, {}) });
  } catch (error) {
    process.send({ id, error: String(error && error.stack || error) });
  }
});
process.send({ ready: true });
`;

export class LambdaProcess {
  /** Starts `modulePath` (exporting `handler`) with exactly `environment` (plus PATH). */
  public static async start(modulePath: string, environment: Record<string, string>): Promise<LambdaProcess> {
    const child = spawn(process.execPath, ['-e', RUNNER, modulePath], {
      env: { PATH: process.env.PATH ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`handler process exited with ${code} before it was ready`)));
    });
    return new LambdaProcess(child);
  }

  /** How many times the handler has been invoked. */
  public invocations = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  private readonly output: string[] = [];
  private readonly streamText = { stdout: '', stderr: '' };

  private constructor(private readonly child: ChildProcess) {
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8').on('data', (text: string) => {
        this.output.push(text);
        this.streamText[stream] += text;
      });
    }
    child.on('message', (answer: any) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.error) waiting.reject(new Error(answer.error));
      else waiting.resolve(answer.result);
    });
  }

  /**
   * What the handler wrote to stdout and stderr so far (its log), in order.
   * It waits until both pipes have delivered everything written before the call.
   */
  public async log(): Promise<string> {
    const marker = `\u0000flush-${this.nextId}\u0000`;
    await this.request({ flushMarker: marker });
    const deadline = Date.now() + 5000;
    while (!this.streamText.stdout.includes(marker) || !this.streamText.stderr.includes(marker)) {
      if (Date.now() > deadline) throw new Error('the handler process did not flush its log within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.output.join('').split(/\u0000flush-\d+\u0000/).join('');
  }

  public invoke(event: unknown): Promise<any> {
    this.invocations += 1;
    return this.request({ event });
  }

  /** Moves the handler's clock (Date.now and new Date) `offsetMs` ahead of real time. */
  public async setClockOffset(offsetMs: number): Promise<void> {
    await this.request({ clockOffsetMs: offsetMs });
  }

  private request(message: Record<string, unknown>): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...message });
    });
  }

  public stop(): void {
    this.child.kill();
  }
}
