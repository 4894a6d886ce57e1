import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The GitHub workflows projen generates can't run here, so they are checked
 * by actionlint (syntax, expressions, action inputs, job graph), and the
 * build workflow must run the same task as our CI entry point.
 */

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

function actionlint(files: string[]): { status: number | null; output: string } {
  const result = spawnSync('actionlint', ['-no-color', ...files], { encoding: 'utf8' });
  if (result.error) throw new Error(`actionlint could not run (${result.error.message}): run \`npx projen test:tools\`, which installs it into .tools/bin`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const workflowFiles = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml')).map((f) => path.join(WORKFLOWS, f));

test('projen generates the build, mutation, release and pull-request-lint workflows', () => {
  expect(workflowFiles.map((f) => path.basename(f)).sort()).toEqual(['build.yml', 'mutation.yml', 'pull-request-lint.yml', 'release.yml']);
});

test('the npm release publishes the browser client beside the construct: its tarball joins dist/js before publib-npm runs', () => {
  const release = fs.readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8');
  const job = release.slice(release.indexOf('\n  release_npm:'), release.indexOf('\n  release_maven:'));
  const steps = [...job.matchAll(/^ {6}- (?:name: (.+)|uses: )/gm)].map((m) => m[1] ?? '(action)');
  const at = steps.indexOf('Add the browser client package');
  expect(steps.slice(at - 1, at + 2)).toEqual(['Collect js artifact', 'Add the browser client package', 'Release']);
  expect(job).toContain('run: cp dist.old/client/*.tgz dist/js/');
});

test('actionlint reports nothing on any generated workflow', () => {
  expect(actionlint(workflowFiles)).toEqual({ status: 0, output: '' });
});

test('actionlint does report a broken workflow (so the zero above means something)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
  const broken = path.join(dir, 'broken.yml');
  fs.writeFileSync(broken, [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ github.event.no_such_thing.title }}',
    '      - uses: actions/checkout@v4',
    '        with: { not-an-input: 1 }',
    '    needs: [missing-job]',
  ].join('\n'));
  try {
    const { status, output } = actionlint([broken]);
    expect(status).toBe(1);
    expect(output).toMatch(/missing-job/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the build workflow runs what .ci/run runs: npx projen ci, which is build and then ci:checks', () => {
  const build = fs.readFileSync(path.join(WORKFLOWS, 'build.yml'), 'utf8');
  // The steps of the "build" job: from its key to the next job at the same indentation.
  const job = /\n {2}build:\n([\s\S]*?)(?=\n {2}[a-z][a-z0-9-]*:\n|$)/.exec(build)?.[1] ?? '';
  const runs = [...job.matchAll(/^ {8}run: (.+)$/gm)].map((m) => m[1]).filter((run) => run.startsWith('npx projen'));
  expect(runs).toEqual(['npx projen build', 'npx projen ci:checks']);
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  expect(tasks.ci.steps).toEqual([{ spawn: 'build' }, { spawn: 'ci:checks' }]);
  const ciRun = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
  expect(ciRun.split('\n').filter((line) => /^npx projen /.test(line.trim()))).toEqual([expect.stringMatching(/^npx projen ci\b/)]);
  expect(build).toMatch(/^ {2}pull_request: {}$/m);
});
