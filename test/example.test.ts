import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExampleApp } from '../examples/app';

describe('example app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const assembly = buildExampleApp(outdir).synth();
  const stack = assembly.getStackByName('PresignedUploadExample');

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes one stack with the construct, an upload handler and both URLs as outputs', () => {
    const template = stack.template;
    expect(Object.keys(template.Outputs)).toEqual(['PresignEndpointUrl', 'ResultsBaseUrl']);
    const types = Object.values(template.Resources).map((r: any) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::ApiGatewayV2::Api', 'AWS::Events::Rule']));
    expect(stack.messages.filter((m) => m.level !== 'info')).toEqual([]);
  });
});
