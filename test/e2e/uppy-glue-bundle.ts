import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { CLIENT_PACKAGE_ALIAS } from '../client-package-alias';

/** The Uppy glue on @uppy/aws-s3; the client package by its name, for its CRC64NVME, and its SigV4 presignFetch (docs/iam-auth.md). */
const UPPY_GLUE = path.join(__dirname, '..', '..', 'examples', 'uppy-upload.ts');
const CLIENT_PACKAGE = 'cdk-presigned-upload-client';
const IAM_PRESIGN_FETCH = 'cdk-presigned-upload-client/iam';

/**
 * The README's Uppy glue bundled with Uppy 6 for a page, as an app's bundler
 * would, with the client package's CRC64NVME and aws4fetch's SigV4 `presignFetch`: a script that sets
 * `window.createUploader`, `window.crc64nvme` and `window.iamPresignFetch`.
 */
export function bundleUppyGlue(): Uint8Array {
  return bundleForPage(`import { createUploader } from ${JSON.stringify(UPPY_GLUE)};\n`
    + `import { crc64nvme } from ${JSON.stringify(CLIENT_PACKAGE)};\n`
    + `import { iamPresignFetch } from ${JSON.stringify(IAM_PRESIGN_FETCH)};\n`
    + 'Object.assign(window, { createUploader, crc64nvme, iamPresignFetch });', 'ts');
}

/** The browser client package's entry (client/). */
const CLIENT = path.join(__dirname, '..', '..', 'client', 'src', 'index.ts');

/** The bytes of a file the page makes from `seed`, as {@link patternBytes} makes them in Node.js. */
const PATTERN = '(i * 31 + seed * 7 + (i >>> 11)) & 255';

/** The same bytes the page's `uploadWithClient` makes. */
export function patternBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  // eslint-disable-next-line no-bitwise -- the page's pattern, byte for byte
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7 + (i >>> 11)) & 255;
  return bytes;
}

/**
 * The client package bundled for a page, as an app's bundler would, with
 * the presignFetch of docs/iam-auth.md: a script that sets
 * `window.uploadWithClient(endpoint, name, type, size, seed, auth, options)`,
 * which uploads a file of `size` pattern bytes with `upload()` (its default
 * transport, XMLHttpRequest) and returns the result and its last progress.
 */
export function bundleClientUpload(): Uint8Array {
  return bundleForPage(uploadWithClientScript(CLIENT, IAM_PRESIGN_FETCH), 'ts');
}

/**
 * The same `window.uploadWithClient`, on the client package installed in the
 * project `app` (from its tarball) and resolved from there as a user's
 * bundler resolves it, without SigV4 (`auth` is ignored).
 */
export function bundleInstalledClient(app: string): Uint8Array {
  return bundleForPage(uploadWithClientScript(CLIENT_PACKAGE), 'ts', app);
}

/** The page script of `uploadWithClient`, importing `upload` from `client`, and signing presign calls when `iam` names the SigV4 entry. */
function uploadWithClientScript(client: string, iam?: string): string {
  return [
    `import { upload } from ${JSON.stringify(client)};`,
    ...(iam === undefined ? [] : [`import { iamPresignFetch } from ${JSON.stringify(iam)};`]),
    'window.uploadWithClient = async (endpoint, name, type, size, seed, auth, options) => {',
    '  const bytes = new Uint8Array(size);',
    `  for (let i = 0; i < size; i++) bytes[i] = ${PATTERN};`,
    iam === undefined ? '  const presignFetch = undefined;' : '  const presignFetch = iamPresignFetch(auth.region, async () => auth.credentials);',
    '  let lastProgress = 0;',
    '  const result = await upload(new File([bytes], name, { type }), {',
    '    endpoint, presignFetch, onProgress: (p) => { lastProgress = p.loaded; }, ...options,',
    '  });',
    '  return { ...result, lastProgress };',
    '};',
  ].join('\n');
}

/** The README's browser setup for the default auth (examples/frontend-setup.ts). */
const FRONTEND_SETUP = path.join(__dirname, '..', '..', 'examples', 'frontend-setup.ts');

/**
 * The README's frontend setup bundled for a page, as an app's bundler would,
 * with the Cognito Identity SDK client it imports: a script that sets
 * `window.uploaderFor(settings)`, an Uppy that signs presign calls with a
 * guest identity's credentials.
 */
export function bundleFrontendSetup(): Uint8Array {
  return bundleForPage(`import { uploaderFor } from ${JSON.stringify(FRONTEND_SETUP)};
`
    + 'Object.assign(window, { uploaderFor });', 'ts');
}

/** The React example (examples/react-upload.tsx). */
const REACT_EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'react-upload.tsx');

/**
 * The React example bundled with React 19 for a page, as an app's bundler
 * would (production build): a script that sets `window.mountFileUploader(element,
 * presignEndpointUrl, bearerToken?)`, which renders `<FileUploader>` in Strict Mode.
 */
export function bundleReactExample(): Uint8Array {
  return bundleForPage([
    "import { createElement, StrictMode } from 'react';",
    "import { createRoot } from 'react-dom/client';",
    `import { FileUploader } from ${JSON.stringify(REACT_EXAMPLE)};`,
    'window.mountFileUploader = (element, presignEndpointUrl, token) => {',
    '  const presignFetch = token === undefined ? undefined',
    '    : (url, init) => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });',
    '  createRoot(element).render(createElement(StrictMode, null, createElement(FileUploader, { presignEndpointUrl, options: { presignFetch } })));',
    '};',
  ].join('\n'), 'tsx');
}

/**
 * `contents` bundled for a browser page as one script, as an app's bundler
 * would (a production build, for React). Imports resolve from `installedIn`,
 * a project with the client package installed, or else from this repository,
 * where the client package's name stands for its sources.
 */
function bundleForPage(contents: string, loader: 'ts' | 'tsx', installedIn?: string): Uint8Array {
  const result = buildSync({
    stdin: { contents, loader, resolveDir: installedIn ?? __dirname },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    alias: installedIn === undefined ? CLIENT_PACKAGE_ALIAS : {},
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].contents;
}
