import * as path from 'node:path';

/**
 * esbuild's `alias` for the client package's published name: the examples
 * import `cdk-presigned-upload-client` and its subpath entries
 * (`…/uppy`, `…/iam`) as an app does, and in this repository both resolve
 * to client/src/ (the bare name to its index.ts).
 */
export const CLIENT_PACKAGE_ALIAS: Record<string, string> = {
  'cdk-presigned-upload-client': path.join(__dirname, '..', 'client', 'src'),
};
