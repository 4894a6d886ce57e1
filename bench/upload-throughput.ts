/**
 * Upload goodput over an emulated link (npx projen bench:link): one file of
 * random bytes on disk, picked in the page's file input as a user picks one,
 * uploaded in Chromium, to versitygw through the shipped handler, every byte
 * over a loopback link emulator with a bandwidth cap and a round-trip time,
 * for each link of BENCH_LINKS (`Mbit:rtt-ms`, default a 100 Mbit/s, 50 ms
 * link and a 200 ms, 20 Mbit/s "hotel Wi-Fi" one) and each file size of
 * BENCH_SIZES_MIB (256 and 1024). Uploaders, in the same run:
 *   - the client package's upload() with its defaults (4 parts at a time, the
 *     construct's 64 MiB parts), and on the first link and size also with
 *     1 to 8 parts at a time (BENCH_CONCURRENCY), to measure the default;
 *   - Uppy 6 with examples/uppy-upload.ts, on Uppy's own S3 plugin;
 *   - @aws-sdk/lib-storage in Node.js over the same link (its defaults).
 * Each goodput is reported as a ratio to the link's capacity and to
 * lib-storage's, with the presign calls per GiB, and the client's CRC64NVME
 * rate in Chromium. BENCH_UPLOADERS (client,uppy,lib-storage) picks a subset.
 * Needs the test tools (versitygw, Chromium): `npx projen test:tools`.
 */
import { randomFillSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Size } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { LinkEmulator, type LinkSettings } from './link-emulator';
import { MultipartUpload, PresignAuth } from '../src';
import { PRESIGN_API_BUNDLE } from '../src/private/handler-bundle';
import { CLIENT_PACKAGE_ALIAS } from '../test/client-package-alias';
import { LambdaProcess } from '../test/e2e/lambda-process';
import { LocalHttpApi } from '../test/e2e/local-http-api';
import { readSynthesizedUploadStack } from '../test/e2e/synthesized-upload-stack';
import { bundleUppyGlue } from '../test/e2e/uppy-glue-bundle';
import { LOCAL_CREDENTIALS, VersitygwServer } from '../test/e2e/versitygw-server';
import { makeStack } from '../test/util';

const MiB = 1024 * 1024;
const REGION = 'eu-west-1';
const BUCKET = 'bench-uploads';
/** The construct's default part size, which the client's defaults run with. */
const PART_SIZE = 64 * MiB;
const LINKS: LinkSettings[] = (process.env.BENCH_LINKS ?? '100:50,20:200').split(',').map((link) => {
  const [mbits, rtt] = link.split(':').map(Number);
  return { bitsPerSecond: mbits * 1e6, roundTripMs: rtt };
});
const SIZES = (process.env.BENCH_SIZES_MIB ?? '256,1024').split(',').map((mib) => Number(mib) * MiB);
const CONCURRENCY_SWEEP = (process.env.BENCH_CONCURRENCY ?? '1,2,6,8').split(',').map(Number);
const UPLOADERS = new Set((process.env.BENCH_UPLOADERS ?? 'client,uppy,lib-storage').split(','));

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><input type="file" id="file"><script src="/uppy.js"></script><script src="/client.js"></script><script>
/** The file the bench picked in the input (a file on disk, as a user picks one), which must be \`size\` bytes long. */
function benchFile(size) {
  const file = document.getElementById('file').files[0];
  if (file === undefined || file.size !== size) throw new Error('no picked file of ' + size + ' bytes');
  return file;
}
/** A presignFetch that counts its calls. */
function countingFetch(counter) {
  return (u, init) => { counter.calls++; return fetch(u, { ...init, headers: { ...init.headers, authorization: 'Bearer alice' } }); };
}
async function timedUppyUpload(url, size, partSize) {
  const file = benchFile(size), counter = { calls: 0 };
  const uppy = createUploader(url, { presignFetch: countingFetch(counter), partSize });
  uppy.addFile({ name: file.name, type: file.type, data: file });
  const start = performance.now();
  const result = await uppy.upload();
  const ms = performance.now() - start;
  uppy.destroy();
  return { ms, calls: counter.calls, failed: result.failed.map((f) => String(f.error && f.error.message || f.error)) };
}
async function timedClientUpload(url, size, concurrency) {
  const file = benchFile(size), counter = { calls: 0 };
  const start = performance.now();
  try {
    await clientUpload(file, { endpoint: url, presignFetch: countingFetch(counter), concurrency });
  } catch (error) {
    return { ms: 0, calls: counter.calls, failed: [String(error.code) + ': ' + error.message] };
  }
  return { ms: performance.now() - start, calls: counter.calls, failed: [] };
}
async function crcRate(size) {
  const file = benchFile(size);
  await crc64nvme(file.slice(0, 16 * 1024 * 1024));
  const start = performance.now();
  await crc64nvme(file);
  return size / 1024 / 1024 / ((performance.now() - start) / 1000);
}
</script></body></html>`;

/** The client package's upload(), bundled for the page as an app's bundler would: `window.clientUpload`. */
function bundleClient(): Uint8Array {
  return buildSync({
    stdin: { contents: "import { upload } from 'cdk-presigned-upload-client';\nObject.assign(window, { clientUpload: upload });", loader: 'ts', resolveDir: path.join(__dirname) },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    alias: CLIENT_PACKAGE_ALIAS,
    write: false,
    logLevel: 'error',
  }).outputFiles[0].contents;
}

async function startPageServer(): Promise<http.Server> {
  const scripts: Record<string, Uint8Array> = { '/uppy.js': bundleUppyGlue(), '/client.js': bundleClient() };
  const server = http.createServer((req, res) => {
    const script = scripts[req.url ?? ''];
    res.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html' });
    res.end(script ?? PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

interface Row {
  readonly link: LinkSettings;
  readonly who: string;
  readonly bytes: number;
  readonly partSize: number;
  /** Parts in flight at once. */
  readonly inFlight: number;
  readonly ms: number;
  /** Presign calls, or undefined where there are none (lib-storage signs itself). */
  readonly calls?: number;
}

/**
 * Picks a file of `bytes` random bytes in the page's input, written once to
 * `dir`: a file on disk, as a user picks one. (Chromium 156 cannot read an
 * in-memory Blob of 512 MiB or more, and no user uploads one.)
 */
async function pickFile(page: Page, dir: string, bytes: number): Promise<void> {
  const file = path.join(dir, `${bytes}.bin`);
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, 'w');
    const chunk = Buffer.alloc(8 * MiB);
    for (let written = 0; written < bytes; written += chunk.length) {
      fs.writeSync(fd, randomFillSync(chunk), 0, Math.min(chunk.length, bytes - written));
    }
    fs.closeSync(fd);
  }
  await page.setInputFiles('#file', file);
}

const CLIENT = 'cdk-presigned-upload-client upload()';
const UPPY = 'Uppy 6 + @uppy/aws-s3 glue';
const LIB_STORAGE = '@aws-sdk/lib-storage';

async function main(): Promise<void> {
  const versitygw = await VersitygwServer.start(REGION);
  const pages = await startPageServer();
  const origin = `http://localhost:${(pages.address() as AddressInfo).port}`;
  const stop: Array<() => unknown> = [() => versitygw.stop(), () => pages.close()];
  try {
    const stack = readSynthesizedUploadStack(makeStack({
      allowedOrigins: [origin],
      auth: PresignAuth.none(),
      maxUploadSize: Size.gibibytes(2),
      multipartUpload: MultipartUpload.enabled({ partSize: Size.bytes(PART_SIZE) }),
    }).template(), BUCKET);
    await versitygw.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await versitygw.s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: stack.bucketCorsRules } }));

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
    });
    stop.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(origin);
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-files-'));
    stop.push(() => fs.rmSync(files, { recursive: true, force: true }));
    await pickFile(page, files, 256 * MiB);
    const crcMiBps = await page.evaluate((size) => (window as any).crcRate(size), 256 * MiB);

    const rows: Row[] = [];
    const record = (row: Row) => {
      rows.push(row);
      process.stderr.write(`${row.link.bitsPerSecond / 1e6} Mbit/s ${row.link.roundTripMs} ms, ${row.who}, ${row.bytes / MiB} MiB, ${row.inFlight} in flight: ${row.ms.toFixed(0)} ms\n`);
    };
    for (const [linkIndex, settings] of LINKS.entries()) {
      const link = new LinkEmulator(settings);
      try {
        const s3OverLink = await link.relay(versitygw.endpoint);
        // The presign API, over the link too, as a page reaches it.
        const fn = await LambdaProcess.start(PRESIGN_API_BUNDLE, {
          ...stack.functionEnvironment,
          AWS_REGION: REGION,
          AWS_ENDPOINT_URL_S3: s3OverLink,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        });
        const api = await LocalHttpApi.start(stack.apiCors, { 'POST /uploads': fn });
        try {
          const url = `${await link.relay(api.url)}/uploads`;
          for (const [sizeIndex, bytes] of SIZES.entries()) {
            await pickFile(page, files, bytes);
            if (UPLOADERS.has('client')) {
              const sweep = linkIndex === 0 && sizeIndex === 0 ? [4, ...CONCURRENCY_SWEEP.filter((c) => c !== 4)] : [4];
              for (const concurrency of sweep) {
                const result = await page.evaluate(({ u, b, c }) => (window as any).timedClientUpload(u, b, c), { u: url, b: bytes, c: concurrency });
                if (result.failed.length > 0) throw new Error(`the client failed: ${result.failed.join('; ')}`);
                record({ link: settings, who: CLIENT, bytes, partSize: PART_SIZE, inFlight: concurrency, ms: result.ms, calls: result.calls });
              }
            }
            if (UPLOADERS.has('uppy')) {
              const result = await page.evaluate(({ u, b, p }) => (window as any).timedUppyUpload(u, b, p), { u: url, b: bytes, p: PART_SIZE });
              if (result.failed.length > 0) throw new Error(`Uppy failed: ${result.failed.join('; ')}`);
              record({ link: settings, who: UPPY, bytes, partSize: PART_SIZE, inFlight: 1, ms: result.ms, calls: result.calls });
            }
            if (UPLOADERS.has('lib-storage')) {
              const client = new S3Client({ region: REGION, endpoint: s3OverLink, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
              const body = Buffer.alloc(bytes, 7);
              const start = performance.now();
              await new Upload({ client, params: { Bucket: BUCKET, Key: `lib-storage/${bytes}`, Body: body } }).done();
              client.destroy();
              record({ link: settings, who: LIB_STORAGE, bytes, partSize: 5 * MiB, inFlight: 4, ms: performance.now() - start });
            }
          }
        } finally {
          await fn.stop();
          await api.stop();
        }
      } finally {
        await link.stop();
      }
    }

    console.log('links: userland emulator on loopback, the same capacity each way; goodput is the file over the time from the call to its end,');
    console.log('hashing and presign calls included');
    console.log(`the client's CRC64NVME (the glue's too) in Chromium: ${crcMiBps.toFixed(0)} MiB/s (${(crcMiBps * MiB * 8 / 1e6).toFixed(0)} Mbit/s)\n`);
    console.log('link               uploader                              file MiB  part MiB  in flight   seconds  goodput Mbit/s  of link  of lib-storage  presign calls/GiB');
    for (const row of rows) {
      const goodput = row.bytes / (row.ms / 1000);
      const capacity = row.link.bitsPerSecond / 8;
      const reference = rows.find((r) => r.link === row.link && r.bytes === row.bytes && r.who === LIB_STORAGE);
      const ofReference = reference === undefined ? '-' : `${((reference.ms / row.ms) * 100).toFixed(1)} %`;
      const perGiB = row.calls === undefined ? '-' : (row.calls / (row.bytes / 1024 / MiB)).toFixed(1);
      console.log(`${`${row.link.bitsPerSecond / 1e6} Mbit/s ${row.link.roundTripMs} ms`.padEnd(18)} ${row.who.padEnd(37)} `
        + `${String(row.bytes / MiB).padStart(8)} ${String(row.partSize / MiB).padStart(9)} ${String(row.inFlight).padStart(10)} `
        + `${(row.ms / 1000).toFixed(1).padStart(9)} ${(goodput * 8 / 1e6).toFixed(1).padStart(15)} ${`${(goodput / capacity * 100).toFixed(1)} %`.padStart(8)} `
        + `${ofReference.padStart(15)} ${perGiB.padStart(18)}`);
    }
  } finally {
    for (const close of stop.reverse()) await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
