import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { freePort, waitUntilListening } from './free-port';

/** Fake credentials: versitygw's root account, and what the presign function signs with. */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'AKIAE2ETESTEXAMPLE01',
  secretAccessKey: 'e2e/test/secret/not/a/real/key/EXAMPLE0',
};

/**
 * versitygw, an S3-compatible server by another team, on 127.0.0.1 with the
 * posix backend and sidecar metadata (no xattrs needed). It verifies SigV4
 * signatures, POST policies and bucket CORS itself.
 */
export class VersitygwServer {
  public static async start(region: string): Promise<VersitygwServer> {
    const binary = findVersitygw();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versitygw-'));
    const data = path.join(dir, 'data');
    const meta = path.join(dir, 'meta');
    fs.mkdirSync(data);
    fs.mkdirSync(meta);
    const port = await freePort();
    const log = fs.openSync(path.join(dir, 'server.log'), 'w');
    const child = spawn(binary, [
      '--port', `127.0.0.1:${port}`,
      '--access', LOCAL_CREDENTIALS.accessKeyId,
      '--secret', LOCAL_CREDENTIALS.secretAccessKey,
      '--region', region,
      // Without keep-alive every request opens a connection, which halves multipart throughput.
      '--keep-alive',
      'posix', '--sidecar', meta, data,
    ], { stdio: ['ignore', log, log] });
    await waitUntilListening(port, 10_000, () => (child.exitCode !== null
      ? `versitygw exited with ${child.exitCode}: ${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`
      : 'versitygw did not start listening within 10 s'), child);
    return new VersitygwServer(child, dir, `http://127.0.0.1:${port}`, region);
  }

  public readonly s3: S3Client;

  private constructor(private readonly child: ChildProcess, private readonly dir: string, public readonly endpoint: string, region: string) {
    this.s3 = new S3Client({ region, endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  }

  public stop(): void {
    this.s3.destroy();
    this.child.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function findVersitygw(): string {
  try {
    return execFileSync('which', ['versitygw'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('versitygw is not on PATH: run `npx projen test:tools` (installs it into .tools/bin, which projen tasks put on PATH)');
  }
}
