import * as path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Every example a page imports, bundled for the browser the way an app's
 * bundler does (esbuild, `platform: 'browser'`), from the packages the README
 * lists: nothing may resolve to a Node.js module.
 */
const EXAMPLES = ['frontend-setup.ts', 'iam-presign-fetch.ts', 'cognito-credentials.ts', 'react-upload.tsx', 'uppy-upload.ts', 'crc64nvme.ts'];

function bundleForBrowser(file: string) {
  return buildSync({
    entryPoints: [path.join(__dirname, '..', 'examples', file)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
}

describe.each(EXAMPLES)('examples/%s', (file) => {
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
  const inputs = Object.keys(bundleForBrowser('frontend-setup.ts').metafile!.inputs);
  expect(inputs.some((input) => input.includes('credential-provider-cognito-identity'))).toBe(true);
  for (const nodeOnly of ['credential-provider-process', 'credential-provider-imds', 'credential-provider-ini', 'credential-provider-login']) {
    expect(inputs.filter((input) => input.includes(nodeOnly))).toEqual([]);
  }
});
