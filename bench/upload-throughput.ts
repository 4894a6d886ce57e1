/**
 * Upload throughput over an emulated link (npx projen bench:link): one file
 * uploaded by Uppy 6 with the README's glue in Chromium, to versitygw through
 * the shipped handler, every byte over a loopback link emulator with a
 * bandwidth cap and a round-trip time; for several part sizes and two file
 * sizes. Each goodput is compared, within the run, with the link's capacity
 * (the physical limit) and with @aws-sdk/lib-storage uploading the same
 * bytes over the same link (parts side by side, its defaults). Also the
 * glue's CRC64NVME rate in Chromium. Needs the test tools (versitygw,
 * Chromium): `npx projen test:tools`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Size } from 'aws-cdk-lib';
import { chromium } from 'playwright-core';
import { LinkEmulator, type LinkSettings } from './link-emulator';
import { MultipartUpload, PresignAuth } from '../src';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';
import { LambdaProcess } from '../test/e2e/lambda-process';
import { LocalHttpApi } from '../test/e2e/local-http-api';
import { readSynthesizedUploadStack } from '../test/e2e/synthesized-upload-stack';
import { bundleUppyGlue } from '../test/e2e/uppy-glue-bundle';
import { LOCAL_CREDENTIALS, VersitygwServer } from '../test/e2e/versitygw-server';
import { makeStack } from '../test/util';

const MiB = 1024 * 1024;
const REGION = 'eu-west-1';
const BUCKET = 'bench-uploads';
const LINK: LinkSettings = { bitsPerSecond: Number(process.env.LINK_MBITS ?? 100) * 1e6, roundTripMs: Number(process.env.LINK_RTT_MS ?? 50) };
/** [file size, part sizes] measured through Uppy. */
const RUNS: Array<[number, number[]]> = [
  [256 * MiB, [8 * MiB, 16 * MiB, 32 * MiB, 64 * MiB, 128 * MiB]],
  [1024 * MiB, [16 * MiB, 64 * MiB, 128 * MiB]],
];

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><script src="/uppy.js"></script><script>
/** A file of \`size\` random bytes, made once per size. */
const files = new Map();
function benchFile(size) {
  if (!files.has(size)) {
    const bytes = new Uint8Array(size);
    for (let offset = 0; offset < size; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)));
    files.set(size, new File([bytes], 'film.mp4', { type: 'video/mp4' }));
  }
  return files.get(size);
}
async function timedUpload(url, size, partSize) {
  const file = benchFile(size);
  const uppy = createUploader(url, { presignFetch: (u, init) => fetch(u, { ...init, headers: { ...init.headers, authorization: 'Bearer alice' } }), partSize });
  uppy.addFile({ name: file.name, type: file.type, data: file });
  const start = performance.now();
  const result = await uppy.upload();
  const ms = performance.now() - start;
  return { ms, failed: result.failed.map((f) => String(f.error && f.error.message || f.error)) };
}
async function crcRate(size) {
  const file = benchFile(size);
  await crc64nvme(file.slice(0, 16 * 1024 * 1024));
  const start = performance.now();
  await crc64nvme(file);
  return size / 1024 / 1024 / ((performance.now() - start) / 1000);
}
</script></body></html>`;

async function startPageServer(): Promise<http.Server> {
  const glue = bundleUppyGlue();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': req.url === '/uppy.js' ? 'text/javascript' : 'text/html' });
    res.end(req.url === '/uppy.js' ? glue : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

interface Row { readonly who: string; readonly bytes: number; readonly partSize: number; readonly ms: number }

async function main(): Promise<void> {
  const versitygw = await VersitygwServer.start(REGION);
  const link = new LinkEmulator(LINK);
  const pages = await startPageServer();
  const origin = `http://localhost:${(pages.address() as AddressInfo).port}`;
  const stop: Array<() => unknown> = [() => versitygw.stop(), () => link.stop(), () => pages.close()];
  try {
    const s3OverLink = await link.relay(versitygw.endpoint);
    const stackOf = (partSize: number) => readSynthesizedUploadStack(makeStack({
      allowedOrigins: [origin],
      auth: PresignAuth.none(),
      maxUploadSize: Size.gibibytes(2),
      multipartUpload: MultipartUpload.enabled({ partSize: Size.bytes(partSize) }),
    }).template(), BUCKET);
    await versitygw.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await versitygw.s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: stackOf(64 * MiB).bucketCorsRules } }));

    /** The presign API for `partSize`, over the link too. */
    const apiFor = async (partSize: number): Promise<string> => {
      const stack = stackOf(partSize);
      const fn = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
        ...stack.functionEnvironment,
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL_S3: s3OverLink,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      });
      const api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn });
      stop.push(() => fn.stop(), () => api.stop());
      return `${await link.relay(api.url)}/uploads`;
    };

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
    });
    stop.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(origin);
    const crcMiBps = await page.evaluate((size) => (window as any).crcRate(size), 256 * MiB);

    const rows: Row[] = [];
    for (const [bytes, partSizes] of RUNS) {
      for (const partSize of partSizes) {
        const url = await apiFor(partSize);
        const result = await page.evaluate(({ u, b, p }) => (window as any).timedUpload(u, b, p), { u: url, b: bytes, p: partSize });
        if (result.failed.length > 0) throw new Error(`Uppy failed: ${result.failed.join('; ')}`);
        rows.push({ who: 'Uppy 6 + README glue (Chromium)', bytes, partSize, ms: result.ms });
        process.stderr.write(`uppy ${bytes / MiB} MiB, parts of ${partSize / MiB} MiB: ${result.ms.toFixed(0)} ms\n`);
      }
      const client = new S3Client({ region: REGION, endpoint: s3OverLink, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
      const body = Buffer.alloc(bytes, 7);
      const start = performance.now();
      await new Upload({ client, params: { Bucket: BUCKET, Key: `lib-storage/${bytes}`, Body: body } }).done();
      const ms = performance.now() - start;
      client.destroy();
      rows.push({ who: '@aws-sdk/lib-storage (4 parts at a time)', bytes, partSize: 5 * MiB, ms });
      process.stderr.write(`lib-storage ${bytes / MiB} MiB: ${ms.toFixed(0)} ms\n`);
    }

    const capacity = LINK.bitsPerSecond / 8; // bytes per second
    console.log(`link: ${LINK.bitsPerSecond / 1e6} Mbit/s each way, ${LINK.roundTripMs} ms round trip (userland emulator on loopback)`);
    console.log(`glue CRC64NVME in Chromium: ${crcMiBps.toFixed(0)} MiB/s (${(crcMiBps * MiB * 8 / 1e6).toFixed(0)} Mbit/s)\n`);
    console.log('uploader                                   file MiB  part MiB   seconds   goodput Mbit/s   of link   of lib-storage');
    for (const row of rows) {
      const goodput = row.bytes / (row.ms / 1000);
      const reference = rows.find((r) => r.bytes === row.bytes && r.who.startsWith('@aws-sdk'))!;
      const ofReference = (reference.ms / row.ms);
      console.log(`${row.who.padEnd(42)} ${String(row.bytes / MiB).padStart(8)} ${String(row.partSize / MiB).padStart(9)} `
        + `${(row.ms / 1000).toFixed(1).padStart(9)} ${(goodput * 8 / 1e6).toFixed(1).padStart(16)} ${(goodput / capacity * 100).toFixed(1).padStart(8)} % `
        + `${(ofReference * 100).toFixed(1).padStart(12)} %`);
    }
  } finally {
    for (const close of stop.reverse()) await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
