/**
 * Presign latency with quotas on, counted in dynalite (a DynamoDB-compatible
 * server) on loopback, and with quotas off: the median and 99th percentile of
 * sequential calls to the bundled handler in a fresh process, after a
 * warm-up, for a new upload (two DynamoDB round trips: the caller's three
 * counters side by side, then the endpoint's) and a multipart step signing
 * 16 part URLs, as the glue asks for them (one round trip). Also how many TCP connections the handler
 * opened to DynamoDB: keep-alive reuses them.
 */
import { execFile } from 'node:child_process';
import { DynamoDbServer } from '../test/dynamodb-server';

const CALLS = 400;
const WARMUP = 50;

/** Runs in a fresh node process: sequential presigns of one kind; prints each latency after the warm-up, in ms. */
const LATENCY_PROBE = `
const { handler } = require(process.argv[1]);
const [kind, calls, warmup] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const body = kind === 'step'
  ? { method: 'PUT', key: 'uploads/0b5a1f0c-5c1e-4d4e-9c3a-5e7d0f4b2a11/clip.mp4', uploadId: 'upload-1', partNumber: 1, partChecksums: Array(16).fill('q6RMRSIZNf4='), size: 10 * 1024 ** 3 }
  : { filename: 'photo.png', contentType: 'image/png', size: 1048576, checksum: 'q6RMRSIZNf4=' };
const event = (i) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  requestContext: { http: { method: 'POST', sourceIp: '198.51.100.' + (i % 250) } },
});
(async () => {
  const times = [];
  for (let i = 0; i < warmup + calls; i++) {
    const start = process.hrtime.bigint();
    const answer = await handler(event(i));
    if (answer.statusCode !== 200) throw new Error(answer.body);
    if (i >= warmup) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  process.stdout.write(JSON.stringify(times));
})();
`;

export interface LatencyRow {
  readonly name: string;
  readonly medianMs: number;
  readonly p99Ms: number;
  /** TCP connections the handler opened to DynamoDB during the run (quotas on). */
  readonly connections?: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

function probe(bundle: string, kind: string, env: NodeJS.ProcessEnv): Promise<number[]> {
  // Its own process, so that the server in this one answers while the handler waits.
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', LATENCY_PROBE, bundle, kind, String(CALLS), String(WARMUP)],
      { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))));
  });
}

/** Latency rows with quotas off and on (`env`: the handler's environment without quotas). */
export async function quotaLatency(bundle: string, env: NodeJS.ProcessEnv): Promise<LatencyRow[]> {
  const server = await DynamoDbServer.start('dynalite');
  try {
    await server.createQuotaTable('bench-quotas');
    const multipart = {
      ...env,
      UPLOAD_MAX_BYTES: String(5 * 1024 ** 4),
      UPLOAD_MULTIPART_THRESHOLD: String(100 * 1024 ** 2),
      UPLOAD_MULTIPART_PART_SIZE: String(64 * 1024 ** 2),
    };
    const quotas = {
      UPLOAD_QUOTA_TABLE: 'bench-quotas',
      UPLOAD_QUOTA_LIMITS: JSON.stringify({
        requestsPerCaller: 1e9,
        requestWindowSeconds: 60,
        uploadsPerCaller: 1e9,
        bytesPerCaller: 1e15,
        usageWindowSeconds: 86_400,
        bytesPerDay: 1e15,
        failOpen: false,
      }),
      UPLOAD_CALLER_KEY: 'bench-caller-key-'.repeat(3),
      AWS_ENDPOINT_URL_DYNAMODB: server.endpoint,
    };
    const rows: LatencyRow[] = [];
    for (const [name, kind, runEnv, counted] of [
      ['new upload, quotas off', 'new', env, false],
      ['new upload, quotas on', 'new', { ...env, ...quotas }, true],
      ['16 part URLs, quotas off', 'step', multipart, false],
      ['16 part URLs, quotas on', 'step', { ...multipart, ...quotas }, true],
    ] as const) {
      const before = server.connectionsOpened() ?? 0;
      const times = await probe(bundle, kind, runEnv);
      const connections = counted ? (server.connectionsOpened() ?? 0) - before : undefined;
      rows.push({ name, medianMs: percentile(times, 0.5), p99Ms: percentile(times, 0.99), connections });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
