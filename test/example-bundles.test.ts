import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { CLIENT_PACKAGE_ALIAS } from './client-package-alias';

/**
 * Every example a page imports, and every entry of the client package,
 * bundled for the browser the way an app's bundler does (esbuild with
 * `platform: 'browser'`, and Vite's production build), from the packages
 * the README lists: nothing may resolve to a Node.js module.
 */
const EXAMPLES = [
  'examples/frontend-setup.ts', 'examples/react-upload.tsx', 'examples/uppy-upload.ts',
  ...['index', 'uppy', 'react', 'iam', 'cognito'].map((entry) => `client/src/${entry}.ts`),
];

function bundleForBrowser(file: string) {
  return buildSync({
    entryPoints: [path.join(__dirname, '..', file)],
    alias: CLIENT_PACKAGE_ALIAS,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
}

describe.each(EXAMPLES)('%s', (file) => {
  test('bundles for the browser, with no Node.js module in it', () => {
    const result = bundleForBrowser(file);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((input) => /\/(dist-cjs|node_modules\/node-)|\.node\.js$|node-http/.test(input))).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(code.length).toBeGreaterThan(0);
  });
});

test('the Cognito credentials bundle takes the SDK\'s browser entry, not its Node.js credential chain', () => {
  const inputs = Object.keys(bundleForBrowser('examples/frontend-setup.ts').metafile!.inputs);
  expect(inputs.some((input) => input.includes('credential-provider-cognito-identity'))).toBe(true);
  for (const nodeOnly of ['credential-provider-process', 'credential-provider-imds', 'credential-provider-ini', 'credential-provider-login']) {
    expect(inputs.filter((input) => input.includes(nodeOnly))).toEqual([]);
  }
});

/** A module that only Node.js can run: an SDK package's CommonJS build for Node.js, or a Node.js built-in. */
const NODE_ONLY = /\/(dist-cjs|node_modules\/node-)|\.node\.js$|node-http|^node:|__vite-browser-external/;

describe('Vite 8 (a production build of an app that imports every example)', () => {
  interface ViteChunk { name: string; isEntry: boolean; exports: string[]; modules: string[]; code: string }
  let bundle: { warnings: string[]; chunks: ViteChunk[] };
  beforeAll(() => {
    // Vite's Node API is ES modules only, which jest's CommonJS runtime can't load: it runs in a child process.
    const stdout = execFileSync(process.execPath, [path.join(__dirname, 'vite-bundle.mjs'), ...EXAMPLES], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    bundle = JSON.parse(stdout);
  });

  test('builds without a warning (Vite warns when it stubs a Node.js module for the browser)', () => {
    expect(bundle.warnings).toEqual([]);
  });

  test.each(EXAMPLES)('%s is an entry with its exports, and no chunk holds a Node.js module', (file) => {
    const entry = bundle.chunks.find((chunk) => chunk.isEntry && chunk.name === file);
    expect(entry?.exports.length).toBeGreaterThan(0);
    expect(bundle.chunks.flatMap((chunk) => chunk.modules).filter((id) => NODE_ONLY.test(id))).toEqual([]);
  });

  test('the Cognito credentials take the SDK\'s browser entry', () => {
    const modules = bundle.chunks.flatMap((chunk) => chunk.modules);
    expect(modules.some((id) => id.includes('credential-provider-cognito-identity'))).toBe(true);
    for (const nodeOnly of ['credential-provider-process', 'credential-provider-imds', 'credential-provider-ini', 'credential-provider-login']) {
      expect(modules.filter((id) => id.includes(nodeOnly))).toEqual([]);
    }
  });
});
