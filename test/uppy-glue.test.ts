import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * examples/uppy-upload.ts is the README's Uppy 6 setup. The browser
 * end-to-end test runs it with real Uppy in Chromium; here: the README holds
 * it verbatim, and it type-checks against Uppy's own types the way a browser
 * app compiles it (ES modules, bundler resolution, DOM).
 */

const GLUE = path.join(__dirname, '..', 'examples', 'uppy-upload.ts');

test('the README shows examples/uppy-upload.ts verbatim', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain('```ts\n' + fs.readFileSync(GLUE, 'utf8') + '```');
});

// 26 since the part cache serves each URL once and judges freshness by the server's lifetime (two lines more).
test('it is about 20 lines of glue, imports and comments aside', () => {
  const code = fs.readFileSync(GLUE, 'utf8').split('\n').map((line) => line.trim())
    .filter((line) => line !== '' && !/^(\/\/|\/\*\*|\*|import )/.test(line));
  expect(code.length).toBeLessThanOrEqual(26);
});

test.each([
  ['the glue', GLUE],
  ['the demo page\'s script, with @uppy/dashboard', path.join(__dirname, '..', 'examples', 'web', 'demo-page.ts')],
])('%s type-checks against Uppy 6 as browser code', (_, file) => {
  const program = ts.createProgram([file], {
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
