import { type ChildProcess, spawn } from 'node:child_process';

/** Runs one Lambda handler module in its own Node.js process, with its own environment, as Lambda does. */
const RUNNER = `
const { handler } = require(process.argv[1]);
process.on('message', async ({ id, event }) => {
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
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
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

  private constructor(private readonly child: ChildProcess) {}

  public invoke(event: unknown): Promise<any> {
    const id = this.nextId++;
    this.invocations += 1;
    return new Promise((resolve, reject) => {
      const onMessage = (message: any) => {
        if (message.id !== id) return;
        this.child.off('message', onMessage);
        if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      };
      this.child.on('message', onMessage);
      this.child.send({ id, event });
    });
  }

  public stop(): void {
    this.child.kill();
  }
}
