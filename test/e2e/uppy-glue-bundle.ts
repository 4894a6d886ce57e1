import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** The README's Uppy glue. */
const UPPY_GLUE = path.join(__dirname, '..', '..', 'examples', 'uppy-upload.ts');

/**
 * The README's Uppy glue bundled with Uppy 6 for a page, as an app's bundler
 * would: a script that sets `window.createUploader` and `window.crc64nvme`.
 */
export function bundleUppyGlue(): Uint8Array {
  const result = buildSync({
    stdin: {
      contents: `import { createUploader, crc64nvme } from ${JSON.stringify(UPPY_GLUE)};\nObject.assign(window, { createUploader, crc64nvme });`,
      loader: 'ts',
      resolveDir: __dirname,
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].contents;
}
