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

test.each([
  ['docs/browser.md', 'uppy-upload.ts'],
  ['docs/iam-auth.md', 'iam-presign-fetch.ts'],
  ['docs/iam-auth.md', 'cognito-credentials.ts'],
  ['docs/iam-auth.md', 'frontend-setup.ts'],
  ['README.md', 'frontend-setup.ts'],
])('%s shows examples/%s verbatim', (page, example) => {
  const text = fs.readFileSync(path.join(__dirname, '..', page), 'utf8');
  expect(text).toContain('```ts\n' + fs.readFileSync(path.join(__dirname, '..', 'examples', example), 'utf8') + '```');
});

/** The glue's lines of code (imports and comments aside): the Uppy part, and the CRC64NVME after it. */
function codeLines(): { uppy: number; crc: number } {
  const lines = fs.readFileSync(GLUE, 'utf8').split('\n');
  const crcStart = lines.findIndex((line) => line.includes('eslint-disable no-bitwise'));
  const count = (part: string[]) => part.map((line) => line.trim()).filter((line) => line !== '' && !/^(\/\/|\/\*\*|\*|\/\*|import )/.test(line)).length;
  return { uppy: count(lines.slice(0, crcStart)), crc: count(lines.slice(crcStart)) };
}

// 26 before checksums; 51 since each write signs CRC64NVME (the per-file part hashes, prefetched a batch ahead, and the three checksum
// fields) and a part size the endpoint does not share is named; 56 since its options are a typed object (UploaderOptions, five lines)
// with presignFetch for every auth mode.
test('it is about 55 lines of Uppy glue and 40 of CRC64NVME, imports and comments aside', () => {
  const { uppy, crc } = codeLines();
  expect(uppy).toBeLessThanOrEqual(56);
  expect(crc).toBeLessThanOrEqual(40);
});

describe('its CRC64NVME is AWS\'s', () => {
  let crc64nvme: (blob: Blob) => Promise<string>;
  beforeAll(() => {
    // The glue is an ES module for browsers; bundled for Node.js here, as the browser test bundles it for Chromium.
    const out = buildSync({ entryPoints: [GLUE], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' }).outputFiles[0].text;
    const module = { exports: {} as any };
    new Function('module', 'exports', 'require', out)(module, module.exports, require);
    crc64nvme = module.exports.crc64nvme;
  });

  test.each([0, 1, 7, 8, 15, 16, 17, 63, 65_537, 8 * 1024 * 1024, 8 * 1024 * 1024 + 3, 20 * 1024 * 1024 + 5])('%d bytes', async (length) => {
    const bytes = randomBytes(length);
    expect(await crc64nvme(new Blob([bytes]))).toBe(await awsCrc64nvme(bytes));
  });

  test('the check value of "123456789" is CRC-64/NVME\'s, 0xae8b14860a799888', async () => {
    expect(Buffer.from(await crc64nvme(new Blob(['123456789'])), 'base64').toString('hex')).toBe('ae8b14860a799888');
  });
});

test.each([
  ['the glue', GLUE],
  ['the demo page\'s script, with @uppy/dashboard', path.join(__dirname, '..', 'examples', 'web', 'demo-page.ts')],
  ['the SigV4 presignFetch for IAM auth, with aws4fetch', path.join(__dirname, '..', 'examples', 'iam-presign-fetch.ts')],
  ['the Cognito identity pool\'s credentials, with the AWS SDK\'s provider', path.join(__dirname, '..', 'examples', 'cognito-credentials.ts')],
  ['the React hook and component, against React 19\'s types', path.join(__dirname, '..', 'examples', 'react-upload.tsx')],
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
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
});
