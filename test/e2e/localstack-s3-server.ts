import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, waitUntilListening } from './free-port';

/**
 * Credentials for LocalStack. It checks presigned URLs' signatures with the
 * secret `test` for any access key it was not told of, so that is the secret
 * the presign function signs with.
 */
export const LOCALSTACK_CREDENTIALS = {
  accessKeyId: 'AKIALOCALSTACKTEST01',
  secretAccessKey: 'test',
};


/**
 * LocalStack's S3 (localstack-core, Apache-2.0), on 127.0.0.1 and run on the
 * host without Docker: a second S3 server by another team, whose behaviour
 * LocalStack's own tests record against AWS S3. It checks each presigned
 * URL's SigV4 signature by signing the request again with botocore's
 * S3SigV4QueryAuth (S3_SKIP_SIGNATURE_VALIDATION=0); it checks signed
 * checksums and bucket CORS; and it completes a FULL_OBJECT CRC64NVME
 * multipart upload whose parts list only numbers and ETags, as AWS S3 does.
 */
export class LocalStackS3Server {
  public static async start(region: string): Promise<LocalStackS3Server> {
    const localstack = findLocalStack();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localstack-'));
    const port = await freePort();
    const logFile = path.join(dir, 'server.log');
    const log = fs.openSync(logFile, 'w');
    const child = spawn(localstack, [], {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        GATEWAY_LISTEN: `127.0.0.1:${port}`,
        SERVICES: 's3',
        S3_SKIP_SIGNATURE_VALIDATION: '0',
        // No DNS server (it would want port 53), no usage events sent anywhere.
        DNS_ADDRESS: '0',
        DISABLE_EVENTS: '1',
        SKIP_SSL_CERT_DOWNLOAD: '1',
        TMPDIR: dir,
      },
    });
    const exited = () => `LocalStack exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`;
    await waitUntilListening(port, 60_000, () => (child.exitCode !== null ? exited() : 'LocalStack did not start listening within 60 s'), child);
    const server = new LocalStackS3Server(child, dir, `http://127.0.0.1:${port}`, region);
    // S3 starts on its first request: make that one here, not in a test.
    await server.s3.send(new ListBucketsCommand({}));
    return server;
  }

  public readonly s3: S3Client;

  private constructor(private readonly child: ChildProcess, private readonly dir: string, public readonly endpoint: string, region: string) {
    this.s3 = new S3Client({ region, endpoint, forcePathStyle: true, credentials: LOCALSTACK_CREDENTIALS });
  }

  public async stop(): Promise<void> {
    this.s3.destroy();
    // LocalStack shuts down on SIGTERM; give it 5 s, then SIGKILL.
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 5_000); })]);
      clearTimeout(timer);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** scripts/install-test-tools.sh's launcher of LocalStack's runtime, from PATH (every projen task puts .tools/bin on it). */
function findLocalStack(): string {
  try {
    return execFileSync('which', ['localstack-s3'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('localstack-s3 is not on PATH: run `npx projen test:tools` (installs localstack-core into .tools/localstack, and its launcher into .tools/bin)');
  }
}
