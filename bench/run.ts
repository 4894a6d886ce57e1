/**
 * Benchmark: the bundled presign handler (PRESIGN_API_BUNDLE) against
 * a reference handler on @aws-sdk/s3-request-presigner (getSignedUrl of a
 * PutObjectCommand with the same signed headers), bundled by esbuild with
 * the same target and platform. Prints bundle bytes, module init time (median
 * over fresh processes) and warm presigns per second, then the ratios.
 *
 * Run with `npx projen bench`. Numbers, not pass/fail: nothing here is a test.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';

const OUT = path.join(__dirname, '.out');
const INIT_RUNS = 21;
const THROUGHPUT_SECONDS = 3;

const ENV = {
  ...process.env,
  UPLOAD_BUCKET: 'bench-uploads',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_MAX_BYTES: '104857600',
  UPLOAD_EXPIRES_SECONDS: '900',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLEtoken',
};

/** Runs in a fresh node process: time to require the bundle. */
const INIT_PROBE = `
const start = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

/** Runs in a fresh node process: sequential awaited presigns for a fixed time. */
const THROUGHPUT_PROBE = `
const { handler } = require(process.argv[1]);
const seconds = Number(process.argv[2]);
const event = {
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ filename: 'photo.png', contentType: 'image/png', size: 1048576 }),
  requestContext: { http: { method: 'POST' } },
};
(async () => {
  for (let i = 0; i < 2000; i++) await handler(event);
  const res = await handler(event);
  if (res.statusCode !== 200) throw new Error('handler failed: ' + res.body);
  let count = 0;
  const end = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  while (Date.now() < end) {
    for (let i = 0; i < 100; i++) await handler(event);
    count += 100;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(String(count / elapsed));
})();
`;

interface Measurement {
  readonly name: string;
  readonly bytes: number;
  readonly initMs: number;
  readonly presignsPerSecond: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(name: string, bundle: string): Measurement {
  const node = process.execPath;
  const inits: number[] = [];
  for (let i = 0; i < INIT_RUNS; i++) {
    inits.push(Number(execFileSync(node, ['-e', INIT_PROBE, bundle], { env: ENV, encoding: 'utf8' })));
  }
  const presignsPerSecond = Number(execFileSync(node, ['-e', THROUGHPUT_PROBE, bundle, String(THROUGHPUT_SECONDS)], { env: ENV, encoding: 'utf8' }));
  return { name, bytes: fs.statSync(bundle).size, initMs: median(inits), presignsPerSecond };
}

function main(): void {
  const ours = PRESIGN_API_BUNDLE;
  if (!fs.existsSync(ours)) throw new Error(`${ours} is missing: run "npx projen bundle" first`);
  const reference = path.join(OUT, 'reference-handler', 'index.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'reference-handler.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    outfile: reference,
    logLevel: 'warning',
  });

  const results = [measure('cdk-presigned-upload', ours), measure('@aws-sdk/s3-request-presigner', reference)];
  console.log(`node ${process.version}, ${INIT_RUNS} cold inits (median), ${THROUGHPUT_SECONDS} s of warm presigns each\n`);
  console.log('handler                       bundle bytes   init ms   presigns/s');
  for (const r of results) {
    console.log(`${r.name.padEnd(28)} ${String(r.bytes).padStart(13)} ${r.initMs.toFixed(2).padStart(9)} ${Math.round(r.presignsPerSecond).toString().padStart(12)}`);
  }
  const [a, b] = results;
  console.log('');
  console.log(`bundle size: ${(a.bytes / b.bytes).toFixed(4)} of the reference (1/${(b.bytes / a.bytes).toFixed(1)}; target <= 1/20)`);
  console.log(`init time:   ${(a.initMs / b.initMs).toFixed(4)} of the reference (1/${(b.initMs / a.initMs).toFixed(1)}; target <= 1/10)`);
  console.log(`throughput:  ${(a.presignsPerSecond / b.presignsPerSecond).toFixed(2)}x the reference (target >= 2x)`);
}

main();
