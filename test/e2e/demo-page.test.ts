import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type Browser, chromium, type Page } from 'playwright-core';
import { LOCAL_CALLER_KEY } from './synthesized-upload-stack';
import { DEMO_GUEST, type LocalDemo, startLocalDemo } from '../../examples/web/local-demo';
import { callerSegment } from '../../src/handler/caller/caller';
import { awsCrc64nvme } from '../aws-crc64nvme';

/**
 * The demo page (examples/web/) as `npx projen demo` serves it, driven in
 * headless Chromium through Uppy's Dashboard: one image the example app
 * accepts, and one text file its endpoint refuses. The screenshot goes to
 * test-reports/demo-page.png; `npx projen demo:screenshot` writes the one
 * the README shows (docs/demo-page.png).
 */

jest.setTimeout(180_000);

const SCREENSHOT = process.env.DEMO_SCREENSHOT ?? path.join(__dirname, '..', '..', 'test-reports', 'demo-page.png');

let demo: LocalDemo;
let browser: Browser;
/** What the page logged as errors. */
const consoleErrors: string[] = [];
let page: Page;

/** A w×h RGB PNG with a diagonal gradient, so the Dashboard has a thumbnail to show. */
function gradientPng(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      rows.set([Math.round((255 * x) / w), Math.round((255 * y) / h), 200], y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  demo = await startLocalDemo({ port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 820, height: 760 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test('an accepted image uploads, is processed and its result shown; a refused file shows the endpoint\'s words and stores nothing', async () => {
  const image = gradientPng(96, 96);
  await page.goto(demo.url);
  await page.waitForSelector('.uppy-Dashboard-input', { state: 'attached' });
  await page.setInputFiles('.uppy-Dashboard-input >> nth=0', [
    { name: 'sunset.png', mimeType: 'image/png', buffer: image },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text is not on the example app\'s list\n') },
  ]);
  await page.click('.uppy-StatusBar-actionBtn--upload');

  // The image: stored byte for byte, processed, and its result fetched through the results URL.
  const result = await page.waitForSelector('#results li[data-state="done"]', { timeout: 60_000 });
  const key = await result.getAttribute('data-key');
  // The page signed as the demo's guest identity, which the local IAM authorizer verified: its key segment is that identity's, opaque.
  const guest = callerSegment(DEMO_GUEST.iam.cognitoIdentity!.identityId, Buffer.from(LOCAL_CALLER_KEY));
  expect(key).toMatch(new RegExp(`^uploads/${guest}/[0-9a-f-]{36}/sunset\\.png$`));
  // The processor records the CRC64NVME that S3 verified and kept: the AWS SDK's CRC64NVME of the image.
  const crc64nvme = await awsCrc64nvme(image);
  expect(JSON.parse((await result.textContent())!.replace(/^sunset\.png: /, '')))
    .toEqual({ key, bytes: image.length, contentType: 'image/png', crc64nvme, checksumType: 'FULL_OBJECT' });
  const stored = await demo.s3.s3.send(new GetObjectCommand({ Bucket: demo.uploadBucket, Key: key! }));
  expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(image)).toBe(true);

  // The text file: the Dashboard shows the endpoint's code and message in its own informer bar, then takes the file off, since
  // no retry can change the answer; the list keeps it; nothing else was stored.
  const words = 'notes.txt: CONTENT_TYPE_NOT_ALLOWED: contentType "text/plain" is not accepted by this endpoint.';
  await page.waitForFunction((text) => document.querySelector('.uppy-Informer')?.textContent?.includes(text), words, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('.uppy-Dashboard-Item').length === 1);
  expect(await page.$$eval('.uppy-Dashboard-Item-name', (names) => names.map((n) => n.textContent))).toEqual(['sunset.png']);
  expect(await page.$('.uppy-StatusBar-actionBtn--retry')).toBeNull();
  const refused = await page.waitForSelector('#results li[data-state="refused"]');
  expect(await refused.textContent()).toBe('notes.txt: CONTENT_TYPE_NOT_ALLOWED: contentType "text/plain" is not accepted by this endpoint.');
  const listing = await demo.s3.s3.send(new ListObjectsV2Command({ Bucket: demo.uploadBucket }));
  expect((listing.Contents ?? []).map((o) => o.Key)).toEqual([key]);

  // The console has the refusal (the presign call's 400, and Uppy's own log of it) and nothing else: no favicon 404, no 403
  // from polling for the result.
  expect(consoleErrors).toEqual([
    expect.stringMatching(/status of 400/),
    expect.stringMatching(/^\[Uppy\] .*CONTENT_TYPE_NOT_ALLOWED/),
  ]);

  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test('the demo serves only its own files', async () => {
  const response = await fetch(new URL('../../.projenrc.ts', demo.url));
  expect(response.status).toBe(404);
});
