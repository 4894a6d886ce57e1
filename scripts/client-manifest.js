#!/usr/bin/env node
/**
 * Writes the browser client's package.json into a build directory: its
 * manifest (client/package-manifest.json), with the version of the construct
 * (the root package.json), so both packages release under one version. The
 * manifest holds no version of its own; `bump` sets the root's before a
 * release builds, and `unbump` restores it after.
 *
 * Usage: node scripts/client-manifest.js <out-dir>
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

/** The client's manifest at `version`, `version` first after the name as npm writes it. */
function clientManifest(version) {
  const { name, ...rest } = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'package-manifest.json'), 'utf8'));
  if ('version' in rest) throw new Error('client/package-manifest.json must not hold a version: the root package.json gives it');
  return { name, version, ...rest };
}

if (require.main === module) {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: node scripts/client-manifest.js <out-dir>');
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(clientManifest(version), null, 2)}\n`);
}

module.exports = { clientManifest };
