import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { CLIENT_PACKAGE_ALIAS } from '../test/client-package-alias';

/**
 * The browser client's size as an app ships it: each entry bundled for the
 * browser by esbuild, minified, its peer dependency left out (the app has
 * it anyway), then gzipped; and `upload` alone, as tree-shaking leaves it.
 */

/** Budgets in bytes, minified and gzipped: the core stays a small fraction of an app, each adapter a thin layer on it. */
export const CLIENT_SIZE_BUDGETS: Record<string, { readonly minified: number; readonly gzipped: number }> = {
  'upload (tree-shaken)': { minified: 14 * 1024, gzipped: 6 * 1024 },
  'cdk-presigned-upload-client': { minified: 16 * 1024, gzipped: 7 * 1024 },
  '…/uppy': { minified: 16 * 1024, gzipped: 7 * 1024 },
  '…/react': { minified: 16 * 1024, gzipped: 7 * 1024 },
  '…/iam': { minified: 1024, gzipped: 512 },
  '…/cognito': { minified: 1024, gzipped: 768 },
};

const PEERS = ['@uppy/core', 'react', 'aws4fetch', '@aws-sdk/credential-provider-cognito-identity'];

export interface ClientSize {
  readonly entry: string;
  readonly minified: number;
  readonly gzipped: number;
  readonly overBudget: boolean;
}

function sizeOf(entry: string, contents: string): ClientSize {
  const code = buildSync({
    stdin: { contents, loader: 'ts', resolveDir: __dirname },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    external: PEERS,
    alias: CLIENT_PACKAGE_ALIAS,
    write: false,
    logLevel: 'error',
  }).outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const budget = CLIENT_SIZE_BUDGETS[entry];
  return { entry, minified: code.length, gzipped, overBudget: code.length > budget.minified || gzipped > budget.gzipped };
}

export function clientSizes(): ClientSize[] {
  const everything = (specifier: string) => `export * from '${specifier}';`;
  return [
    sizeOf('upload (tree-shaken)', "import { upload } from 'cdk-presigned-upload-client';\nObject.assign(globalThis, { upload });"),
    sizeOf('cdk-presigned-upload-client', everything('cdk-presigned-upload-client')),
    ...['uppy', 'react', 'iam', 'cognito'].map((name) => sizeOf(`…/${name}`, everything(`cdk-presigned-upload-client/${name}`))),
  ];
}

/** Prints the table; exits non-zero when an entry is over its budget. */
export function reportClientSizes(): void {
  const sizes = clientSizes();
  console.log('');
  console.log(`browser client (${path.join('client', 'src')}), esbuild for browsers, minified, peers external:`);
  console.log('entry                          minified   budget   gzipped   budget');
  for (const size of sizes) {
    const budget = CLIENT_SIZE_BUDGETS[size.entry];
    console.log(`${size.entry.padEnd(28)} ${String(size.minified).padStart(10)} ${String(budget.minified).padStart(8)} `
      + `${String(size.gzipped).padStart(9)} ${String(budget.gzipped).padStart(8)}${size.overBudget ? '   OVER BUDGET' : ''}`);
  }
  if (sizes.some((size) => size.overBudget)) process.exitCode = 1;
}

if (require.main === module) reportClientSizes();
