import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** The packed browser client, and an app that installed it as a user would. */
export interface InstalledClient {
  /** The tarball `npm pack` made. */
  readonly tarball: string;
  /** An empty ES module project with the tarball installed in its node_modules. */
  readonly app: string;
}

/**
 * Builds and packs the browser client as `client:pack` does, into `work`,
 * then installs the tarball into an empty project there (`work/app`), offline:
 * the package has no dependencies to fetch.
 */
export function packAndInstallClient(work: string): InstalledClient {
  const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const out = path.join(work, 'dist');
  run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'client/tsconfig.json', '--outDir', out], ROOT);
  run(process.execPath, [path.join(ROOT, 'scripts', 'client-manifest.js'), out], ROOT);
  fs.copyFileSync(path.join(ROOT, 'client', 'README.md'), path.join(out, 'README.md'));
  const tarball = path.join(work, run('npm', ['pack', out, '--pack-destination', work, '--silent'], work).trim().split('\n').at(-1) as string);
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  return { tarball, app };
}
