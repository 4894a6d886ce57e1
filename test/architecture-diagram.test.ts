import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { architectureEdges, renderArchitectureDot } from '../docs/architecture-diagram';
import { buildExampleApp } from '../examples/app';

/**
 * The README's architecture diagram (docs/architecture.svg, from
 * docs/architecture.dot) must show what the example app's template holds.
 * After a change: `npx projen diagram`, look at the picture, commit both.
 */

const DOCS = path.join(__dirname, '..', 'docs');

function exampleTemplate(): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-test-'));
  try {
    return buildExampleApp(outdir).synth().getStackByName('PresignedUploadExample').template;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test('docs/architecture.dot is what the example app\'s template renders to (else: npx projen diagram)', () => {
  expect(fs.readFileSync(path.join(DOCS, 'architecture.dot'), 'utf8'))
    .toBe(renderArchitectureDot(exampleTemplate(), 'PresignedUploadBucket (examples/app.ts)'));
});

test('docs/architecture.svg was rendered from docs/architecture.dot: the same nodes and edges', () => {
  const dot = fs.readFileSync(path.join(DOCS, 'architecture.dot'), 'utf8');
  const svg = fs.readFileSync(path.join(DOCS, 'architecture.svg'), 'utf8');
  const dotNodes = [...dot.matchAll(/^ {2}"?([A-Za-z0-9]+)"? \[label=/gm)].map((m) => m[1]).sort();
  const dotEdges = [...dot.matchAll(/^ {2}"?([A-Za-z0-9]+)"? -- "([A-Za-z0-9]+)"/gm)].map((m) => `${m[1]}--${m[2]}`).sort();
  const titles = [...svg.matchAll(/<g id="(node|edge)\d+" class="(?:node|edge)">\s*<title>([^<]*)<\/title>/g)]
    .map((m) => [m[1], m[2].replace(/&#45;/g, '-')] as const);
  expect(titles.filter(([kind]) => kind === 'node').map(([, t]) => t).sort()).toEqual(dotNodes);
  expect(titles.filter(([kind]) => kind === 'edge').map(([, t]) => t).sort()).toEqual(dotEdges);
  expect(dotNodes.length).toBeGreaterThanOrEqual(8);
});

describe('the renderer', () => {
  const bucket = (id: string) => [id, { Type: 'AWS::S3::Bucket' }] as const;

  test('links a function to what its role\'s policy grants on, but not the granted resources to each other', () => {
    const template = {
      Resources: Object.fromEntries([
        bucket('UploadsAAAAAAAA'),
        bucket('ResultsBBBBBBBB'),
        ['RoleCCCCCCCC', { Type: 'AWS::IAM::Role', Properties: {} }],
        ['FnDDDDDDDD', { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['RoleCCCCCCCC', 'Arn'] } } }],
        ['PolicyEEEEEEEE', {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'RoleCCCCCCCC' }],
            PolicyDocument: { Statement: [{ Resource: [{ 'Fn::GetAtt': ['UploadsAAAAAAAA', 'Arn'] }, { 'Fn::Sub': '${ResultsBBBBBBBB.Arn}/*' }] }] },
          },
        }],
      ]),
    };
    expect(architectureEdges(template)).toEqual([['FnDDDDDDDD', 'ResultsBBBBBBBB'], ['FnDDDDDDDD', 'UploadsAAAAAAAA']]);
  });

  test('joins two shown resources through omitted glue (route, integration, permission)', () => {
    const template = {
      Resources: {
        ApiAAAAAAAA: { Type: 'AWS::ApiGatewayV2::Api' },
        FnBBBBBBBB: { Type: 'AWS::Lambda::Function' },
        IntegrationCCCCCCCC: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'ApiAAAAAAAA' }, IntegrationUri: { 'Fn::GetAtt': ['FnBBBBBBBB', 'Arn'] } } },
        OrphanDDDDDDDD: { Type: 'AWS::S3::Bucket' },
      },
    };
    expect(architectureEdges(template)).toEqual([['ApiAAAAAAAA', 'FnBBBBBBBB']]);
    expect(renderArchitectureDot(template, 't')).toContain('"OrphanDDDDDDDD" [label="S3 bucket\\nOrphan"];');
  });
});
