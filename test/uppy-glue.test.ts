import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import * as ts from 'typescript';
import { awsCrc64nvme } from './aws-crc64nvme';

/**
 * examples/uppy-upload.ts is the Uppy 6 setup of docs/browser.md. The browser
 * end-to-end tests run it with real Uppy in three engines; here: the docs hold
 * it verbatim, and it type-checks against Uppy's own types the way a browser
 * app compiles it (ES modules, bundler resolution, DOM).
 */

const GLUE = path.join(__dirname, '..', 'examples', 'uppy-upload.ts');
const CRC64NVME = path.join(__dirname, '..', 'examples', 'crc64nvme.ts');

test.each([
  ['docs/browser.md', 'uppy-upload.ts'],
  ['docs/browser.md', 'crc64nvme.ts'],
  ['docs/iam-auth.md', 'frontend-setup.ts'],
  ['README.md', 'frontend-setup.ts'],
])('%s shows examples/%s verbatim', (page, example) => {
  const text = fs.readFileSync(path.join(__dirname, '..', page), 'utf8');
  expect(text).toContain('```ts\n' + fs.readFileSync(path.join(__dirname, '..', 'examples', example), 'utf8') + '```');
});

/** A file's lines of code, imports and comments aside. */
function codeLines(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim())
    .filter((line) => line !== '' && !/^(\/\/|\/\*\*|\*|\/\*|import )/.test(line)).length;
}

// The glue: 26 lines before checksums; 51 since each write signs CRC64NVME (the per-file part hashes, prefetched a batch ahead,
// and the three checksum fields) and a part size the endpoint does not share is named; 56 since its options are a typed object
// (UploaderOptions, five lines) with presignFetch for every auth mode; 74 since it sends a BadDigest or a 409 again by itself.
test('it is about 75 lines of Uppy glue and 47 of CRC64NVME (a module of its own), imports and comments aside', () => {
  expect(codeLines(GLUE)).toBeLessThanOrEqual(74);
  expect(codeLines(CRC64NVME)).toBeLessThanOrEqual(47);
});

describe('its CRC64NVME is AWS\'s', () => {
  let crc64nvme: (blob: Blob, ...alsoInto: any[]) => Promise<string>;
  let Crc64Nvme: new () => { update(bytes: Uint8Array): any; digest(): string };
  beforeAll(() => {
    // The module is an ES module for browsers; bundled for Node.js here, as the browser test bundles it for Chromium.
    const out = buildSync({ entryPoints: [CRC64NVME], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' }).outputFiles[0].text;
    const module = { exports: {} as any };
    new Function('module', 'exports', 'require', out)(module, module.exports, require);
    ({ crc64nvme, Crc64Nvme } = module.exports);
  });

  test.each([0, 1, 7, 8, 15, 16, 17, 63, 65_537, 8 * 1024 * 1024, 8 * 1024 * 1024 + 3, 20 * 1024 * 1024 + 5])('%d bytes', async (length) => {
    const bytes = randomBytes(length);
    expect(await crc64nvme(new Blob([bytes]))).toBe(await awsCrc64nvme(bytes));
  });

  test('the check value of "123456789" is CRC-64/NVME\'s, 0xae8b14860a799888', async () => {
    expect(Buffer.from(await crc64nvme(new Blob(['123456789'])), 'base64').toString('hex')).toBe('ae8b14860a799888');
  });

  test('fed in pieces of any length and alignment, and read on the way, it is the CRC of what it was fed so far', async () => {
    const bytes = randomBytes(100_003);
    const crc = new Crc64Nvme();
    const seen: string[] = [];
    // Views into one buffer at offsets 0, 1, 4, 11, 26, …: most start off a word boundary.
    for (let at = 0, step = 1; at < bytes.length; at += step, step = step * 2 + 1) {
      crc.update(new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(step, bytes.length - at)));
      seen.push(crc.digest());
    }
    expect(crc.digest()).toBe(await awsCrc64nvme(bytes));
    expect(seen[3]).toBe(await awsCrc64nvme(bytes.subarray(0, 1 + 3 + 7 + 15)));
  });

  test('it adds what it reads to each CRC it is given, so a file\'s CRC builds up from its parts\'', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const whole = new Crc64Nvme();
    const parts = [bytes.subarray(0, 2 ** 20), bytes.subarray(2 ** 20, 3 * 2 ** 20), bytes.subarray(3 * 2 ** 20)];
    const partCrcs: string[] = [];
    for (const part of parts) partCrcs.push(await crc64nvme(new Blob([part]), whole));
    expect(partCrcs).toEqual([await awsCrc64nvme(parts[0]), await awsCrc64nvme(parts[1]), await awsCrc64nvme(parts[2])]);
    expect(whole.digest()).toBe(await awsCrc64nvme(bytes));
  });
});

test.each([
  ['the glue', GLUE],
  ['the CRC64NVME module, which needs no Uppy', CRC64NVME],
  ['the demo page\'s script, with @uppy/dashboard', path.join(__dirname, '..', 'examples', 'web', 'demo-page.ts')],
  ['the React component on the client\'s hook, against React 19\'s types', path.join(__dirname, '..', 'examples', 'react-upload.tsx')],
  ['the README\'s frontend setup', path.join(__dirname, '..', 'examples', 'frontend-setup.ts')],
])('%s type-checks against Uppy 6 as browser code', (_, file) => {
  const program = ts.createProgram([file], {
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // The examples import the client package by its name, as an app does: here, its sources.
    paths: { 'cdk-presigned-upload-client': ['./client/src/index.ts'], 'cdk-presigned-upload-client/*': ['./client/src/*.ts'] },
    baseUrl: path.join(__dirname, '..'),
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
});
