import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * The README's usage apps are files that tests run: examples/usage.ts here,
 * examples/usage.py in the Python consumer test (test/python), and the Java
 * consumer test checks the same expectations (test/fixtures/usage-expectations.json).
 */
const ROOT = path.join(__dirname, '..');
const expectations: {
  resourceCounts: Record<string, number>;
  resources: Array<{ type: string; properties: Record<string, unknown> }>;
} = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'usage-expectations.json'), 'utf8'));

/** The fenced code blocks of `language` in the README, in order. */
function readmeBlocks(language: string): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('README usage', () => {
  test('the TypeScript example is examples/usage.ts, verbatim', () => {
    const file = fs.readFileSync(path.join(ROOT, 'examples', 'usage.ts'), 'utf8');
    expect(readmeBlocks('ts')).toContainEqual(file);
  });

  test('the Python example is examples/usage.py, verbatim', () => {
    const file = fs.readFileSync(path.join(ROOT, 'examples', 'usage.py'), 'utf8');
    expect(readmeBlocks('python')).toContainEqual(file);
  });

  test('examples/usage.ts synthesizes what the shared expectations say', () => {
    // Run the file as it is; its App writes the assembly to CDK_OUTDIR.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-'));
    const saved = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../examples/usage');
    } finally {
      if (saved === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = saved;
    }
    const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, 'UploadsStack.template.json'), 'utf8')));
    fs.rmSync(outdir, { recursive: true, force: true });
    for (const [type, count] of Object.entries(expectations.resourceCounts)) {
      template.resourceCountIs(type, count);
    }
    for (const { type, properties } of expectations.resources) {
      template.hasResourceProperties(type, properties);
    }
    // The two URLs the frontend needs, as stack outputs.
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(['PresignEndpointUrl', 'ResultsBaseUrl']);
  });
});
