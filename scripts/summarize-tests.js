#!/usr/bin/env node
// Reads the log of `npx projen ci` and prints each test runner's counts and,
// last, their sum as one line: "tests: N passed, N failed, N skipped".
// A runner that printed no summary is reported as missing.
const fs = require('node:fs');

const log = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const lastMatch = (re) => log.map((line) => re.exec(line)).filter(Boolean).pop();
const runners = [];

for (const label of ['jest', 'jest-assembly', 'jest-browser', 'jest-analyzers', 'jest-quotas-moto', 'jest-node24', 'jest-compat']) {
  const jest = lastMatch(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed, (\\d+) skipped$`));
  runners.push([label, jest && { passed: +jest[1], failed: +jest[2], skipped: +jest[3] }]);
}

const pytest = lastMatch(/^=+ (.*\d+ (?:passed|failed|error|errors|skipped).*) in [\d.]+s.* =+$/);
if (pytest) {
  const count = (word) => +((new RegExp(`(\\d+) ${word}`).exec(pytest[1]) ?? [0, 0])[1]);
  runners.push(['pytest', { passed: count('passed'), failed: count('failed') + count('errors?'), skipped: count('skipped') }]);
} else {
  runners.push(['pytest', undefined]);
}

const surefire = lastMatch(/Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$/);
runners.push(['junit', surefire && {
  passed: +surefire[1] - +surefire[2] - +surefire[3] - +surefire[4],
  failed: +surefire[2] + +surefire[3],
  skipped: +surefire[4],
}]);

const goCount = (word) => log.filter((line) => line.startsWith(`--- ${word}: `)).length;
const goRan = goCount('PASS') + goCount('FAIL') + goCount('SKIP') > 0;
runners.push(['go test', goRan ? { passed: goCount('PASS'), failed: goCount('FAIL'), skipped: goCount('SKIP') } : undefined]);

const total = { passed: 0, failed: 0, skipped: 0 };
for (const [name, counts] of runners) {
  if (!counts) {
    console.log(`${name}: no summary found (the run stopped before it, or it failed to start)`);
    continue;
  }
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  for (const key of Object.keys(total)) total[key] += counts[key];
}
// Mutation scores: scripts/mutation.js prints one verdict per run (handler, then construct).
const scores = log.map((line) => /^mutation (\S+): score ([\d.]+) % \(.*\), (passes|FAILS) the bar of ([\d.]+) %$/.exec(line)).filter(Boolean);
scores.forEach((m) => console.log(`mutation ${m[1]}: ${m[2]} % (breaks below ${m[4]} %)${m[3] === 'FAILS' ? ' FAILED' : ''}`));
if (scores.length === 0) console.log('mutation: no score found (the run stopped before mutation testing)');
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
