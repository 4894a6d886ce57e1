#!/usr/bin/env node
// The committed mutation baselines (test/mutation/*-baseline.json) are
// Stryker's incremental reports made small: without each mutant's
// statusReason (stack traces with the sandbox's absolute paths), without the
// project's absolute root and config, and with a SHA-256 of each test file
// instead of a copy of it.
//
//   node scripts/mutation-baseline.js compact REPORT BASELINE
//     writes BASELINE from Stryker's full report REPORT (after `npx projen mutation`);
//   node scripts/mutation-baseline.js expand BASELINE REPORT
//     writes REPORT, the incremental file Stryker starts from in `mutation:ci`:
//     a test file whose hash still matches gets its source back (so Stryker
//     sees it unchanged); a test file that changed or is gone is dropped, so
//     Stryker runs again every mutant its tests killed or covered.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

function compact(report) {
  const files = Object.fromEntries(Object.entries(report.files).map(([name, file]) => [name, {
    ...file,
    mutants: file.mutants.map(({ statusReason, ...mutant }) => mutant),
  }]));
  const testFiles = Object.fromEntries(Object.entries(report.testFiles ?? {}).map(([name, { source, ...testFile }]) => [name, {
    ...testFile,
    ...(source === undefined ? {} : { sourceSha256: sha256(source) }),
  }]));
  const { projectRoot, config, ...rest } = report;
  return { ...rest, files, testFiles };
}

function expand(baseline) {
  const testFiles = {};
  for (const [name, { sourceSha256, ...testFile }] of Object.entries(baseline.testFiles ?? {})) {
    const file = path.join(ROOT, name);
    const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (source !== undefined && sourceSha256 !== undefined && sha256(source) === sourceSha256) {
      testFiles[name] = { ...testFile, source };
    }
  }
  return { ...baseline, testFiles };
}

const [command, from, to] = process.argv.slice(2);
if (!['compact', 'expand'].includes(command) || !from || !to) {
  console.error('usage: mutation-baseline.js compact|expand FROM TO');
  process.exit(2);
}
const input = JSON.parse(fs.readFileSync(from, 'utf8'));
const output = command === 'compact' ? compact(input) : expand(input);
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.writeFileSync(to, JSON.stringify(output) + '\n');
