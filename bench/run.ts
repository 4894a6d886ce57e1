/**
 * Benchmark: the bundled presign handler (PRESIGN_API_BUNDLE) against
 * a reference handler on @aws-sdk/s3-request-presigner (getSignedUrl of a
 * PutObjectCommand with the same signed headers), bundled by esbuild with
 * the same target, platform and minification. Prints bundle bytes, module init time (median
 * over fresh processes) and warm presigns per second, then the ratios; then
 * presigned multipart part URLs per second (one call signs a range of parts,
 * the reference calls getSignedUrl of an UploadPartCommand per part), and how
 * many presign calls the README's Uppy glue makes for a 10 GiB upload; then
 * the browser client's size per entry against its budget (bench/client-size.ts).
 *
 * Run with `npx projen bench`. Numbers, not pass/fail: nothing here is a test.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { reportClientSizes } from './client-size';
import { quotaLatency } from './quota-latency';
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

/** Multipart on (files up to 5 TiB, above 100 MiB, parts of 64 MiB), as the construct configures it for a large maxUploadSize. */
const MULTIPART_ENV = {
  ...ENV,
  UPLOAD_MAX_BYTES: String(5 * 1024 ** 4),
  UPLOAD_MULTIPART_THRESHOLD: String(100 * 1024 ** 2),
  UPLOAD_MULTIPART_PART_SIZE: String(64 * 1024 ** 2),
};

const TEN_GIB = 10 * 1024 ** 3;
/** Part URLs each call asks for, as the README's glue does: 1 GiB of 64 MiB parts. */
const PARTS_PER_CALL = 16;

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
  body: JSON.stringify({ filename: 'photo.png', contentType: 'image/png', size: 1048576, checksum: 'q6RMRSIZNf4=' }),
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

/**
 * Runs in a fresh node process: warm part-URL signing for a fixed time. Each
 * call asks for PARTS_PER_CALL part URLs of a 10 GiB upload (the reference
 * signs them one getSignedUrl at a time); prints part URLs per second.
 */
const PART_PROBE = `
const { handler } = require(process.argv[1]);
const seconds = Number(process.argv[2]);
const [size, perCall] = [Number(process.argv[3]), Number(process.argv[4])];
const partCount = Math.ceil(size / Math.max(Number(process.env.UPLOAD_MULTIPART_PART_SIZE), Math.ceil(size / 10000)));
let first = 1;
const event = () => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ method: 'PUT', key: 'uploads/9b2f6c1e-1d2f-4c3a-8b4d-5e6f7a8b9c0d/film.mp4', uploadId: 'bench-upload-id',
    partNumber: first, partChecksums: Array(Math.min(perCall, partCount - first + 1)).fill('q6RMRSIZNf4='), size }),
  requestContext: { http: { method: 'POST' } },
});
(async () => {
  for (let i = 0; i < 50; i++) await handler(event());
  const res = await handler(event());
  if (res.statusCode !== 200 || JSON.parse(res.body).parts.length < 1) throw new Error('handler failed: ' + res.body);
  let urls = 0;
  const end = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  while (Date.now() < end) {
    const res = await handler(event());
    urls += JSON.parse(res.body).parts.length;
    first = first + perCall > partCount ? 1 : first + perCall;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(String(urls / elapsed));
})();
`;

function partUrlsPerSecond(bundle: string): number {
  return Number(execFileSync(process.execPath, ['-e', PART_PROBE, bundle, String(THROUGHPUT_SECONDS), String(TEN_GIB), String(PARTS_PER_CALL)],
    { env: MULTIPART_ENV, encoding: 'utf8' }));
}

/** The README's glue, bundled with Uppy for node, played through one 10 GiB multipart upload. */
function glueCalls(bundle: string): { bytes: number; parts: number; calls: number } {
  const probe = path.join(OUT, 'glue-calls.js');
  buildSync({ entryPoints: [path.join(__dirname, 'glue-calls.ts')], bundle: true, platform: 'node', target: 'node20', outfile: probe, logLevel: 'error' });
  return JSON.parse(execFileSync(process.execPath, [probe], {
    env: { ...MULTIPART_ENV, PRESIGN_BUNDLE: bundle, GLUE_FILE_BYTES: String(TEN_GIB) }, encoding: 'utf8',
  }));
}

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

async function main(): Promise<void> {
  const ours = PRESIGN_API_BUNDLE;
  if (!fs.existsSync(ours)) throw new Error(`${ours} is missing: run "npx projen bundle" first`);
  const reference = path.join(OUT, 'reference-handler', 'index.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'reference-handler.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    // Minified with names kept, like the package's bundle.
    minify: true,
    keepNames: true,
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

  const [ourParts, referenceParts] = [partUrlsPerSecond(ours), partUrlsPerSecond(reference)];
  console.log('');
  console.log(`multipart part URLs/s (10 GiB upload, ${PARTS_PER_CALL} parts per call): ${Math.round(ourParts)} `
    + `vs ${Math.round(referenceParts)} with getSignedUrl(UploadPartCommand): ${(ourParts / referenceParts).toFixed(2)}x (target >= 2x)`);
  const glue = glueCalls(ours);
  console.log(`README glue, one ${glue.bytes / 1024 ** 3} GiB upload: ${glue.parts} parts, ${glue.calls} presign calls `
    + `= ${(glue.calls / glue.parts * 100).toFixed(2)} per 100 parts, ${(glue.calls / (glue.bytes / 1024 ** 3)).toFixed(2)} per GiB`);

  const latency = await quotaLatency(ours, ENV);
  console.log('');
  console.log('presign latency, quotas counted in dynalite on loopback (sequential calls, warm):');
  console.log('call                          median ms    p99 ms   TCP connections to DynamoDB');
  for (const row of latency) {
    console.log(`${row.name.padEnd(28)} ${row.medianMs.toFixed(2).padStart(10)} ${row.p99Ms.toFixed(2).padStart(9)}   ${row.connections ?? ''}`);
  }
  const [offNew, onNew, offStep, onStep] = latency;
  console.log(`quotas on cost ${(onNew.medianMs - offNew.medianMs).toFixed(2)} ms per new upload (2 round trips) `
    + `and ${(onStep.medianMs - offStep.medianMs).toFixed(2)} ms per step (1 round trip), median`);

  reportClientSizes();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
