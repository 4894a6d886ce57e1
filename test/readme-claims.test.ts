import * as fs from 'node:fs';
import * as path from 'node:path';
import { Size } from 'aws-cdk-lib';
import { type PresignedUploadBucketProps, UploadEncryption, UploadQuotas } from '../src';
import { makeStack } from './util';

/**
 * Claims the documentation makes about the synthesized templates, checked
 * against them, so the text can't drift from the code.
 */

/** The README and every page in docs/, as one text. */
const README = ['README.md', ...fs.readdirSync(path.join(__dirname, '..', 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))]
  .map((file) => fs.readFileSync(path.join(__dirname, '..', file), 'utf8')).join('\n');

/** The rows of the README table whose header starts with `header`, as cells (backticks kept). */
function tableRows(header: string): string[][] {
  const lines = README.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith(`| ${header}`));
  if (start < 0) throw new Error(`README has no table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  return rows;
}

/** Every action of the presign function's role, besides writing its own logs, in the order of its statements. */
function presignRoleActions(props: Partial<PresignedUploadBucketProps>): string[] {
  const template = makeStack(props).template();
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref.startsWith('UploadsPresignFunctionRole')))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((action: string) => !action.startsWith('logs:'));
}

describe('the presign role\'s actions, per configuration, are those the README lists', () => {
  const CONFIGURATIONS: Record<string, Partial<PresignedUploadBucketProps>> = {
    'single PUTs, `UploadEncryption.s3Managed()`': {},
    'single PUTs, `UploadEncryption.kms()`': { encryption: UploadEncryption.kms() },
    'multipart uploads, `UploadEncryption.s3Managed()`': { maxUploadSize: Size.gibibytes(10) },
    'multipart uploads, `UploadEncryption.kms()`': { maxUploadSize: Size.gibibytes(10), encryption: UploadEncryption.kms() },
    'single PUTs, `UploadEncryption.s3Managed()`, `UploadQuotas.enabled()`': { quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(1) }) },
    'single PUTs, `UploadEncryption.kms()`, `UploadQuotas.enabled()`': {
      encryption: UploadEncryption.kms(), quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(1) }),
    },
  };
  const rows = tableRows('Configuration | Actions of the presign role');

  test('the table has one row per configuration', () => {
    expect(rows.map(([configuration]) => configuration).sort()).toEqual(Object.keys(CONFIGURATIONS).sort());
  });

  test.each(Object.entries(CONFIGURATIONS))('%s', (configuration, props) => {
    const [, listed] = rows.find(([c]) => c === configuration)!;
    const actions = [...listed.matchAll(/`([a-z0-9]+:[A-Za-z*]+)`/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(0);
    expect(presignRoleActions(props).sort()).toEqual(actions.sort());
  });

  test('no configuration grants a read of an object\'s bytes, tagging, ACLs or a wildcard action', () => {
    for (const props of Object.values(CONFIGURATIONS)) {
      expect(presignRoleActions(props).filter((a) => /^s3:(Get|.*Tagging|.*Acl)|\*/.test(a))).toEqual([]);
    }
  });
});
