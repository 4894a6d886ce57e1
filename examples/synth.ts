/**
 * Synthesizes the example app to examples/cdk.out and prints where the
 * CloudFormation template is and what it holds. No AWS account needed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildExampleApp } from './app';

const outdir = path.join(__dirname, 'cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });
const assembly = buildExampleApp(outdir).synth();

for (const stack of assembly.stacks) {
  const templatePath = path.relative(process.cwd(), path.join(outdir, stack.templateFile));
  const template = stack.template as { Resources?: Record<string, { Type: string }>; Outputs?: Record<string, unknown> };
  const counts = new Map<string, number>();
  for (const resource of Object.values(template.Resources ?? {})) {
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  }
  console.log(`Stack ${stack.stackName}: ${templatePath}`);
  console.log(`  ${Object.keys(template.Resources ?? {}).length} resources:`);
  for (const [type, count] of [...counts.entries()].sort()) {
    console.log(`    ${String(count).padStart(2)} x ${type}`);
  }
  console.log(`  outputs: ${Object.keys(template.Outputs ?? {}).join(', ')}`);
  const warnings = stack.messages.filter((m) => m.level === 'warning');
  console.log(`  warnings: ${warnings.length}`);
  for (const warning of warnings) console.log(`    ${warning.id}: ${String(warning.entry.data)}`);
}
