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
process.on('message', async ({ id, event, clockOffsetMs }) => {
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
    const output: string[] = [];
    child.stdout?.setEncoding('utf8').on('data', (text: string) => output.push(text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => output.push(text));
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`handler process exited with ${code} before it was ready`)));
    });
    return new LambdaProcess(child, output);
  }

  /** How many times the handler has been invoked. */
  public invocations = 0;
  private nextId = 0;

  private constructor(private readonly child: ChildProcess, private readonly output: string[]) {}

  /** What the handler wrote to stdout and stderr so far (its log), in order. */
  public log(): string {
    return this.output.join('');
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
      const onMessage = (answer: any) => {
        if (answer.id !== id) return;
        this.child.off('message', onMessage);
        if (answer.error) reject(new Error(answer.error));
        else resolve(answer.result);
      };
      this.child.on('message', onMessage);
      this.child.send({ id, ...message });
    });
  }

  public stop(): void {
    this.child.kill();
  }
}
