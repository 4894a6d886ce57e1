import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PROCESSOR_SOURCE } from '../examples/app';
import { MalwareProtection, PresignedUploadBucket } from '../src';

/**
 * The short snippets of docs/ that are not whole files: each is run as
 * written, or found in the code it is taken from. (Whole examples are files
 * that their own tests run and find verbatim in the pages.)
 */

const DOCS = path.join(__dirname, '..', 'docs');
function blocks(page: string, language: string): string[] {
  const text = fs.readFileSync(path.join(DOCS, page), 'utf8');
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

test('checksums.md: the handler\'s HeadObject call is the example processor\'s own', () => {
  const [snippet] = blocks('checksums.md', 'js');
  const call = snippet.split('\n')[0];
  expect(call).toMatch(/^const head = await s3\.send\(new HeadObjectCommand\(/);
  expect(PROCESSOR_SOURCE).toContain(call);
});

test('malware-scanning.md: the snippet, as written, scans uploads and routes clean and infected ones to their handlers', () => {
  const [snippet] = blocks('malware-scanning.md', 'ts');
  const stack = new Stack(new App(), 'Scanned', { env: { region: 'eu-west-1' } });
  const fn = (id: string) => new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
  // The snippet is plain JavaScript inside a stack's constructor: run it with `this` and the names it uses.
  new Function('PresignedUploadBucket', 'MalwareProtection', 'processor', 'securityAlarm', snippet)
    .call(stack, PresignedUploadBucket, MalwareProtection, fn('Processor'), fn('SecurityAlarm'));
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 1);
  const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties.EventPattern.detail.scanResultDetails);
  expect(rules).toEqual([{ scanResultStatus: ['NO_THREATS_FOUND'] }, { scanResultStatus: ['THREATS_FOUND'] }]);
});

test('transfer-acceleration.md: the snippet, as written, enables the bucket\'s acceleration', () => {
  const [snippet] = blocks('transfer-acceleration.md', 'ts');
  const stack = new Stack(new App(), 'Accelerated', { env: { region: 'eu-west-1' } });
  new Function('stack', 'PresignedUploadBucket', snippet)(stack, PresignedUploadBucket);
  const buckets = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket')) as any[];
  expect(buckets.map((b) => b.Properties.AccelerateConfiguration).filter(Boolean)).toEqual([{ AccelerationStatus: 'Enabled' }]);
});
