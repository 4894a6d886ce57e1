import * as path from 'path';

/**
 * Where `projen bundle` puts the presign handler (esbuild output of
 * src/handler/presign-api.lambda.ts), relative to this file: the same from
 * src/private/ and from the published lib/private/. The presign function
 * deploys this directory; tests, the benchmark and the scripts read the
 * bundle through these constants.
 */
export const PRESIGN_API_BUNDLE_DIR = path.join(__dirname, '..', '..', 'assets', 'handler', 'presign-api.lambda');

/** The bundle's entry file. */
export const PRESIGN_API_BUNDLE = path.join(PRESIGN_API_BUNDLE_DIR, 'index.js');
