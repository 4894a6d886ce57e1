/**
 * `npx projen diagram`: synthesizes the example app and writes
 * docs/architecture.dot and docs/architecture.svg (Graphviz's `dot`).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderArchitectureDot } from './architecture-diagram';
import { buildExampleApp } from '../examples/app';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-'));
const template = buildExampleApp(outdir).synth().getStackByName('PresignedUploadExample').template;
fs.rmSync(outdir, { recursive: true, force: true });
const dot = renderArchitectureDot(template, 'PresignedUploadBucket (examples/app.ts)');
fs.writeFileSync(path.join(__dirname, 'architecture.dot'), dot);
let svg: string;
try {
  svg = execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
} catch (error) {
  throw new Error(`Graphviz's dot could not render the diagram (${(error as Error).message}): install it, e.g. apt-get install graphviz`);
}
fs.writeFileSync(path.join(__dirname, 'architecture.svg'), svg);
console.log('wrote docs/architecture.dot and docs/architecture.svg');
