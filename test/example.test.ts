import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExampleApp } from '../examples/app';

describe('example app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const assembly = buildExampleApp(outdir).synth();
  const stack = assembly.getStackByName('PresignedUploadExample');
  const templatePath = path.join(outdir, stack.templateFile);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes one stack with the construct, an upload handler and both URLs as outputs', () => {
    const template = stack.template;
    expect(Object.keys(template.Outputs)).toEqual(['PresignEndpointUrl', 'ResultsBaseUrl']);
    const types = Object.values(template.Resources).map((r: any) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::ApiGatewayV2::Api', 'AWS::Events::Rule']));
    expect(stack.messages.filter((m) => m.level !== 'info')).toEqual([]);
  });

  test('cfn-lint reports no error and no warning on its template', () => {
    let output = '';
    let status = 0;
    try {
      output = execFileSync('cfn-lint', ['--format', 'parseable', templatePath], { encoding: 'utf8' });
    } catch (e: any) {
      if (e.code === 'ENOENT') throw new Error('cfn-lint is not installed: pip install cfn-lint');
      output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
      status = e.status;
    }
    expect(output.trim()).toBe('');
    expect(status).toBe(0);
  });
});
