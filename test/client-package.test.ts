import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packAndInstallClient } from './client-tarball';

/**
 * The browser client as a user gets it: built and packed as `client:pack`
 * does, installed from the tarball into an empty project, then imported by
 * Node.js as an ES module and type-checked as a bundler's consumer would.
 */

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let work: string;
let tarball: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'client-package-'));
  tarball = packAndInstallClient(work).tarball;
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the compiled modules, their types and the manifest, and no sources or tests', () => {
  const files = run('tar', ['tzf', tarball], work).trim().split('\n').sort();
  expect(files).toContain('package/package.json');
  expect(files).toContain('package/client/src/index.js');
  expect(files).toContain('package/client/src/index.d.ts');
  expect(files).toContain('package/src/shared/presign-contract.d.ts');
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(files.filter((f) => f.includes('test'))).toEqual([]);
  const manifest = JSON.parse(fs.readFileSync(path.join(work, 'app', 'node_modules', 'cdk-presigned-upload-client', 'package.json'), 'utf8'));
  expect([manifest.type, manifest.sideEffects, manifest.dependencies]).toEqual(['module', false, undefined]);
  expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});

test('its manifest takes the construct\'s version, which bump sets before a release builds, and holds none of its own', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script, as client:build runs it
  const { clientManifest } = require('../scripts/client-manifest.js');
  const manifest = clientManifest('4.5.6');
  expect(Object.keys(manifest).slice(0, 2)).toEqual(['name', 'version']);
  expect([manifest.name, manifest.version]).toEqual(['cdk-presigned-upload-client', '4.5.6']);
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'package-manifest.json'), 'utf8')).version).toBeUndefined();
});

test('Node.js imports it as an ES module, with nothing else installed', () => {
  const script = [
    "import { upload, Crc64Nvme, UploadError, memoryResumeStore } from 'cdk-presigned-upload-client';",
    "const crc = new Crc64Nvme().update(new TextEncoder().encode('123456789')).digest();",
    'console.log(JSON.stringify([typeof upload, crc, new UploadError("X", "m").code, typeof memoryResumeStore().get]));',
  ].join('\n');
  fs.writeFileSync(path.join(work, 'app', 'check.mjs'), script);
  expect(JSON.parse(run(process.execPath, ['check.mjs'], path.join(work, 'app')))).toEqual(['function', 'rosUhgp5mIg=', 'X', 'function']);
});

test('its types resolve for a TypeScript app, the contract\'s included', () => {
  const app = path.join(work, 'app');
  fs.writeFileSync(path.join(app, 'main.ts'), [
    "import { upload, type PresignAnswer, type UploadResult } from 'cdk-presigned-upload-client';",
    'export async function send(file: File): Promise<string> {',
    "  const result: UploadResult = await upload(file, { endpoint: 'https://example.com/uploads', concurrency: 2 });",
    "  const answer: Pick<PresignAnswer, 'key'> = { key: result.key };",
    '  return answer.key;',
    '}',
    '// @ts-expect-error: an option the client does not have',
    "void upload(new Blob(), { endpoint: 'x', parallel: 2 });",
  ].join('\n'));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [] },
    files: ['main.ts'],
  }));
  expect(run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app)).toBe('');
});

test('each adapter is a subpath entry with its types, and none is a dependency', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(work, 'app', 'node_modules', 'cdk-presigned-upload-client', 'package.json'), 'utf8'));
  expect(Object.keys(manifest.exports)).toEqual(['.', './uppy', './react', './iam', './cognito']);
  for (const entry of Object.values(manifest.exports) as { types: string; import: string }[]) {
    for (const file of [entry.types, entry.import]) {
      expect(fs.existsSync(path.join(work, 'app', 'node_modules', 'cdk-presigned-upload-client', file))).toBe(true);
    }
  }
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@aws-sdk/credential-provider-cognito-identity', '@uppy/core', 'aws4fetch', 'react']);
  expect(Object.values(manifest.peerDependenciesMeta)).toEqual(Array(4).fill({ optional: true }));
});

describe('the Uppy adapter, imported from the tarball beside @uppy/core 6, in Node.js', () => {
  // What a page gives Uppy: a file; what the adapter sends: presign calls and S3 requests, here answered in memory.
  const script = (body: string) => [
    "import { createUploader } from 'cdk-presigned-upload-client/uppy';",
    'const calls = [];',
    'const presignFetch = async (url, init) => {',
    '  const request = JSON.parse(init.body);',
    '  calls.push(request.method + (request.filename ? " " + request.filename : ""));',
    "  if (request.size > 1000) return new Response(JSON.stringify({ code: 'FILE_TOO_LARGE', message: 'The file is larger than 1000 bytes.' }), { status: 400 });",
    "  return new Response(JSON.stringify({ method: 'PUT', url: 'https://bucket.example/' + request.filename, headers: {}, key: 'uploads/caller/' + request.filename, expiresIn: 900 }));",
    '};',
    "const SMALL_PNG = { name: 'small.png', type: 'image/png', data: new Blob([new Uint8Array(10)], { type: 'image/png' }) };",
    "const uploaderWith = (transport) => createUploader('https://api.example/uploads', { presignFetch, transport });",
    body,
  ].join('\n');
  /** Writes `body`, after the shared lines, as an ES module of the app, runs it, and parses what it prints. */
  const runScript = (name: string, body: string[]): unknown => {
    fs.writeFileSync(path.join(work, 'app', name), script(body.join('\n')));
    return JSON.parse(run(process.execPath, [name], path.join(work, 'app')));
  };

  beforeAll(() => {
    // @uppy/core as the app installs it: its own dependencies resolve from its real place, this repository's node_modules.
    fs.mkdirSync(path.join(work, 'app', 'node_modules', '@uppy'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@uppy', 'core'), path.join(work, 'app', 'node_modules', '@uppy', 'core'));
  });

  test('Uppy\'s files go through upload(): progress, then the key the endpoint chose; a refusal fails its file with the endpoint\'s code', () => {
    expect(runScript('uppy.mjs', [
      'const sent = [];',
      "const transport = async (request) => { sent.push(request.method + ' ' + request.url); request.onUploadProgress?.(request.body.size);",
      "  return { status: 200, text: '', header: () => null }; };",
      'const uppy = uploaderWith(transport);',
      'const progress = [];',
      "uppy.on('upload-progress', (file, p) => progress.push(file.name + ' ' + p.bytesUploaded + '/' + p.bytesTotal));",
      'uppy.addFile(SMALL_PNG);',
      "uppy.addFile({ name: 'large.bin', type: 'application/octet-stream', data: new Blob([new Uint8Array(2000)]) });",
      'const result = await uppy.upload();',
      'console.log(JSON.stringify({',
      '  calls: calls.sort(), sent, progress: [...new Set(progress)],',
      '  successful: result.successful.map((f) => [f.name, f.response.body.key, f.response.body.partCount]),',
      '  failed: result.failed.map((f) => [f.name, f.error]),',
      '}));',
    ])).toEqual({
      calls: ['PUT large.bin', 'PUT small.png'],
      sent: ['PUT https://bucket.example/small.png'],
      progress: ['small.png 10/10'],
      successful: [['small.png', 'uploads/caller/small.png', 1]],
      failed: [['large.bin', 'FILE_TOO_LARGE: The file is larger than 1000 bytes.']],
    });
  });

  test('removing a file aborts its upload, which Uppy then does not count as failed', () => {
    expect(runScript('removal.mjs', [
      'let aborted = false;',
      'const transport = (request) => new Promise((_, reject) => {',
      "  request.signal.addEventListener('abort', () => { aborted = true; reject(new Error('aborted')); });",
      '  setTimeout(() => uppy.removeFile(id), 10);',
      '});',
      'const uppy = uploaderWith(transport);',
      'const errors = [];',
      "uppy.on('upload-error', (file, error) => errors.push(error.message));",
      'const id = uppy.addFile(SMALL_PNG);',
      'const result = await uppy.upload();',
      'console.log(JSON.stringify({ aborted, errors, failed: result.failed.length, successful: result.successful.length }));',
    ])).toEqual({ aborted: true, errors: [], failed: 0, successful: 0 });
  });
});

test('the core imports no package; each adapter imports only its own peer', () => {
  const imports = (file: string) => [...fs.readFileSync(path.join(ROOT, 'client', 'src', file), 'utf8')
    .matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]).filter((name) => !name.startsWith('.'));
  const peers: Record<string, string[]> = { 'uppy.ts': ['@uppy/core'], 'react.ts': ['react'], 'iam.ts': ['aws4fetch'], 'cognito.ts': ['@aws-sdk/credential-provider-cognito-identity'] };
  for (const file of fs.readdirSync(path.join(ROOT, 'client', 'src')).filter((f) => f.endsWith('.ts'))) {
    expect({ file, imports: [...new Set(imports(file))] }).toEqual({ file, imports: peers[file] ?? [] });
  }
});
