import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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
  const out = path.join(work, 'dist');
  run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'client/tsconfig.json', '--outDir', out], ROOT);
  fs.copyFileSync(path.join(ROOT, 'client', 'package-manifest.json'), path.join(out, 'package.json'));
  fs.copyFileSync(path.join(ROOT, 'client', 'README.md'), path.join(out, 'README.md'));
  tarball = path.join(work, run('npm', ['pack', out, '--pack-destination', work, '--silent'], work).trim().split('\n').at(-1) as string);
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
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
