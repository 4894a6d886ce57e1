import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** scripts/summarize-tests.js, the summary .ci/run prints last, over a log of `npx projen ci`. */
function summarize(lines: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
  try {
    const log = path.join(dir, 'ci.log');
    fs.writeFileSync(log, lines.join('\n'));
    return execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'summarize-tests.js'), log], { encoding: 'utf8' }).trim().split('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('each mutation verdict of scripts/mutation.js is reported, a failing one as FAILED', () => {
  const out = summarize([
    'jest: 3 passed, 0 failed, 0 skipped',
    'mutation handler: score 97.72 % (1417 of 1450 mutants detected), passes the bar of 95 %',
    'mutation construct: score 88.10 % (700 of 795 mutants detected), FAILS the bar of 90 %',
  ]);
  expect(out.filter((line) => line.startsWith('mutation'))).toEqual([
    'mutation handler: 97.72 % (breaks below 95 %)',
    'mutation construct: 88.10 % (breaks below 90 %) FAILED',
  ]);
  expect(out.at(-1)).toBe('tests: 3 passed, 0 failed, 0 skipped');
});

test('a run that stopped before mutation testing says so, and a runner without a summary is named', () => {
  const out = summarize(['jest: 3 passed, 1 failed, 2 skipped']);
  expect(out).toContain('mutation: no score found (the run stopped before mutation testing)');
  expect(out).toContain('jest-browser: no summary found (the run stopped before it, or it failed to start)');
  expect(out.at(-1)).toBe('tests: 3 passed, 1 failed, 2 skipped');
});
