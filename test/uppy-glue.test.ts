import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * examples/uppy-upload.ts is the Uppy 6 setup of docs/browser.md. The browser
 * end-to-end tests run it with real Uppy in three engines; here: the docs hold
 * it verbatim, and it type-checks against Uppy's own types the way a browser
 * app compiles it (ES modules, bundler resolution, DOM).
 */

const GLUE = path.join(__dirname, '..', 'examples', 'uppy-upload.ts');

test.each([
  ['docs/browser.md', 'uppy-upload.ts'],
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
// Its CRC64NVME is the client package's (client/test/crc64nvme.test.ts holds it to the AWS SDK's).
test('it is about 75 lines of Uppy glue, imports and comments aside', () => {
  expect(codeLines(GLUE)).toBeLessThanOrEqual(74);
});

test.each([
  ['the glue', GLUE],
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
