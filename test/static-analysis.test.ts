import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { App, Aspects, Size, type Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { buildExampleApp } from '../examples/app';
import { buildStepFunctionsApp } from '../examples/step-functions-app';
import { InfectedObjectAction, MalwareProtection, PresignAuth, type PresignedUploadBucketProps, UploadEncryption, UploadQuotas } from '../src';
import { cfnLint, checkov } from './analyzers';
import { makeStack, NODEJS_24 } from './util';

/**
 * The construct's security claims checked by tools nobody here wrote:
 * cdk-nag (AwsSolutions and Serverless packs), cfn-lint and checkov, on the
 * example app and on each main configuration. Every finding must be zero or
 * acknowledged, with a reason, by the construct itself.
 *
 * cdk-nag runs the way its installed major version is used: cdk-nag 2 as
 * Aspects (at our aws-cdk-lib floor), cdk-nag 3 as validation plugins through
 * `Validations.of(app).addPlugins(...)` (in the compat run, with a newer
 * aws-cdk-lib; see scripts/test-compat.sh).
 */

jest.setTimeout(180_000);

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012';

type PropsOf = (stack: Stack) => Partial<PresignedUploadBucketProps>;

const CONFIGURATIONS: Record<string, PropsOf> = {
  'default': () => ({}),
  'jwt-auth': () => ({ auth: PresignAuth.jwt({ issuer: 'https://issuer.example.com', audience: ['web-app'] }) }),
  'kms-encryption': () => ({ encryption: UploadEncryption.kms() }),
  'custom-domain': (stack) => ({
    resultsDomain: {
      domainNames: ['files.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
    },
  }),
  'public-endpoint': () => ({ auth: PresignAuth.none() }),
  'quotas': () => ({ quotas: UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(500) }) }),
  'quotas-kms-public': () => ({
    quotas: UploadQuotas.enabled({ bytesPerDay: Size.tebibytes(1), failOpen: true }),
    encryption: UploadEncryption.kms(),
    auth: PresignAuth.none(),
  }),
  'nodejs24-runtime': () => ({ presignRuntime: NODEJS_24 }),
  'transfer-acceleration': () => ({ transferAcceleration: true }),
  'multipart-5tib-kms': () => ({ maxUploadSize: Size.tebibytes(5), encryption: UploadEncryption.kms() }),
  'malware-protection': () => ({ malwareProtection: MalwareProtection.guardDuty() }),
  'malware-protection-kms': () => ({
    malwareProtection: MalwareProtection.guardDuty({ infectedObjects: InfectedObjectAction.KEEP }),
    encryption: UploadEncryption.kms(),
  }),
  // Logs and a custom domain given: the findings they answer are not acknowledged, but fixed.
  'with-logs': (stack) => {
    // The application's log bucket, made elsewhere (its own findings are not the construct's).
    const logs = s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'access-logs-111122223333', region: 'eu-west-1' });
    return {
      serverAccessLogsBucket: logs,
      distributionLogBucket: logs,
      resultsDomain: {
        domainNames: ['files.example.com'],
        certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
      },
    };
  },
};

/** The construct's own warnings a configuration is expected to raise (it chose them). */
const EXPECTED_CONSTRUCT_WARNINGS: Record<string, string[]> = {
  'public-endpoint': ['cdk-presigned-upload:publicPresignEndpoint'],
  'quotas-kms-public': ['cdk-presigned-upload:publicPresignEndpoint'],
  // CDK's own: the application owns the imported log bucket's policy.
  'with-logs': ['@aws-cdk/aws-s3:accessLogsPolicyNotAdded'],
};

interface Analyzed {
  readonly name: string;
  readonly templateFile: string;
  readonly template: any;
  /** cdk-nag's unsuppressed findings and any other warning or error of synthesis, as "path: text". */
  readonly findings: string[];
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-analysis-'));
const templatesDir = path.join(workDir, 'templates');
fs.mkdirSync(templatesDir);

/** The installed cdk-nag's major version: 2 at our floor, 3 in the compat run. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const CDK_NAG_MAJOR = Number(require('cdk-nag/package.json').version.split('.')[0]);

/** A cdk-nag 3 pack: a validation plugin that can also check a construct tree directly. */
interface NagPlugin {
  validateScope(scope: App): { violations: Array<{ ruleName: string; description: string; violatingResources: Array<{ constructPath: string }> }> };
}

/**
 * Adds both cdk-nag packs to `app` as a user of the installed cdk-nag would,
 * and returns how to read their unacknowledged findings after synthesis, as
 * "/path: Rule-Id: text" (cdk-nag 2 reports them as synthesis messages).
 */
function addNagPacks(app: App): () => string[] {
  if (CDK_NAG_MAJOR < 3) {
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
    return () => [];
  }
  const Packs = [AwsSolutionsChecks, ServerlessChecks] as unknown as Array<new (scope: App, props: object) => NagPlugin>;
  const packs = Packs.map((Pack) => new Pack(app, { verbose: true }));
  (cdk as unknown as { Validations: { of(app: App): { addPlugins(...plugins: NagPlugin[]): void } } }).Validations.of(app).addPlugins(...packs);
  return () => packs.flatMap((pack) => pack.validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => `/${r.constructPath}: ${v.ruleName}: ${v.description}`)));
}

/** Synthesizes `app` with both cdk-nag packs and writes the stack's template to `dir`. */
function analyze(name: string, app: App, stackName: string, dir = templatesDir): Analyzed {
  const nagFindings = addNagPacks(app);
  let stack: cdk.cx_api.CloudFormationStackArtifact | undefined;
  let synthError: string | undefined;
  try {
    stack = app.synth().getStackByName(stackName);
  } catch (error) {
    // cdk-nag 3 fails synthesis on an unacknowledged finding; report the findings instead.
    if (!/validation ?failed/i.test(String(error))) throw error;
    synthError = String(error);
  }
  const expected = EXPECTED_CONSTRUCT_WARNINGS[name] ?? [];
  const findings = [
    ...(stack?.messages ?? [])
      .filter((m) => m.level === 'warning' || m.level === 'error')
      .map((m) => `${m.id}: ${String(m.entry.data)}`)
      .filter((text) => !expected.some((id) => text.includes(`[ack: ${id}]`))),
    ...nagFindings(),
  ];
  if (synthError !== undefined && findings.length === 0) findings.push(synthError);
  const template = stack?.template ?? { Resources: {} };
  const templateFile = path.join(dir, `${name}.template.json`);
  fs.writeFileSync(templateFile, JSON.stringify(template, undefined, 1));
  return { name, templateFile, template, findings };
}

/**
 * The README's app, examples/usage.ts, as written: its own `app.synth()` is
 * intercepted, so that the packs go on before it is synthesized, as a user
 * who adds cdk-nag to it would add them.
 */
function readmeApp(): App {
  const synth = App.prototype.synth;
  let app: App | undefined;
  App.prototype.synth = function (this: App) {
    app = this;
    return undefined as any;
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../examples/usage');
  } finally {
    App.prototype.synth = synth;
  }
  if (app === undefined) throw new Error('examples/usage.ts did not synthesize its app');
  return app;
}

const analyzed: Analyzed[] = [
  analyze('example-app', buildExampleApp(path.join(workDir, 'example.out')), 'PresignedUploadExample'),
  analyze('readme-app', readmeApp(), 'UploadsStack'),
  analyze('step-functions-app', buildStepFunctionsApp(path.join(workDir, 'step-functions.out')), 'UploadPipeline'),
  ...Object.entries(CONFIGURATIONS).map(([name, props]) => {
    const { app } = makeStack((stack) => props(stack));
    return analyze(name, app, 'TestStack');
  }),
];

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Every acknowledgement recorded in a template's metadata, as [analyzer, rule id, reason]. */
function acknowledgementsOf(template: any): Array<[string, string, string]> {
  const found: Array<[string, string, string]> = [];
  for (const resource of Object.values<any>(template.Resources)) {
    for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) found.push(['cdk-nag', rule.id, rule.reason]);
    for (const skip of resource.Metadata?.checkov?.skip ?? []) found.push(['checkov', skip.id, skip.comment]);
  }
  return found;
}

describe.each(analyzed.map((a) => [a.name, a] as const))('%s', (_name, subject) => {
  test(`cdk-nag ${CDK_NAG_MAJOR} AwsSolutions and Serverless packs: no unacknowledged error or warning`, () => {
    expect(subject.findings).toEqual([]);
  });

  test('every acknowledgement carries a reason', () => {
    const acks = acknowledgementsOf(subject.template);
    expect(acks.length).toBeGreaterThan(0);
    for (const [, id, reason] of acks) {
      expect({ id, reason: reason.length >= 40 }).toEqual({ id, reason: true });
    }
  });
});

describe('cfn-lint', () => {
  test('reports no error, warning or informational finding on any template', () => {
    expect(cfnLint(analyzed.map((a) => a.templateFile))).toEqual([]);
  });
});

describe('checkov', () => {
  const report = checkov(templatesDir);

  test('parses every template and reports zero failed checks', () => {
    expect(report.parsingErrors).toBe(0);
    expect(report.resourceCount).toBeGreaterThan(analyzed.length * 15);
    expect(report.passed).toBeGreaterThan(0);
    expect(report.failed).toEqual([]);
  });
});

describe('acknowledgements follow the configuration', () => {
  const ids = (name: string) => new Set(acknowledgementsOf(analyzed.find((a) => a.name === name)!.template).map(([, id]) => id));

  test('logging and the TLS floor are acknowledged only while the user has not set them', () => {
    const defaults = ids('default');
    const withLogs = ids('with-logs');
    for (const id of ['AwsSolutions-S1', 'CKV_AWS_18', 'AwsSolutions-CFR3', 'CKV_AWS_86', 'AwsSolutions-CFR4', 'CKV_AWS_174']) {
      expect({ id, default: defaults.has(id), withLogs: withLogs.has(id) }).toEqual({ id, default: true, withLogs: false });
    }
  });

  test('an unauthenticated endpoint is acknowledged only when PresignAuth.none() is chosen', () => {
    expect(ids('public-endpoint').has('AwsSolutions-APIG4')).toBe(true);
    expect(ids('default').has('AwsSolutions-APIG4')).toBe(false);
  });

  test('an upload handler with a dead-letter queue needs no acknowledgement for it', () => {
    const { app, stack, uploads } = makeStack();
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const queue = new sqs.Queue(stack, 'DeadLetters');
    uploads.addUploadHandler(handler, { deadLetterQueue: queue });
    const template = app.synth().getStackByName('TestStack').template;
    const rule = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Events::Rule');
    expect(rule.Properties.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } });
    expect(rule.Metadata?.cdk_nag).toBeUndefined();
  });

  test('the security model (docs/security.md) lists every rule the construct acknowledges', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'security.md'), 'utf8');
    const all = new Set(analyzed.flatMap((a) => acknowledgementsOf(a.template)
      .filter(([, , reason]) => !reason.startsWith('Example:'))
      .map(([, id]) => id)));
    expect(all.size).toBeGreaterThan(15);
    const missing = [...all].filter((id) => !readme.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});

describe('cdk-nag 2 and cdk-nag 3 get the same acknowledgements', () => {
  const VALIDATIONS_KEY = 'aws:cdk:acknowledged-rules';
  const hasValidations = (cdk as unknown as { Validations?: unknown }).Validations !== undefined;

  /** Per resource path: the cdk-nag 2 metadata as cdk-nag 3 ids (`Rule[finding]`), and the cdk-nag 3 acknowledgements. */
  function acknowledgedByChannel(app: App): Record<string, { nag2: string[]; nag3: string[] }> {
    const result: Record<string, { nag2: string[]; nag3: string[] }> = {};
    for (const construct of app.node.findAll()) {
      if (!cdk.CfnResource.isCfnResource(construct)) continue;
      const rules: Array<{ id: string; applies_to?: Array<{ regex: string }> }> = construct.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
      const nag2 = rules.flatMap((rule) => (rule.applies_to === undefined ? [rule.id]
        // "/^finding$/" with the finding escaped, back to the finding.
        : rule.applies_to.map((a) => `${rule.id}[${a.regex.slice(2, -2).replace(/\\(.)/g, '$1')}]`)));
      const nag3 = construct.node.metadata
        .filter((entry) => entry.type === VALIDATIONS_KEY)
        .flatMap((entry) => Object.keys(entry.data as object).map((id) => id.replace(/^annotation::/i, '')));
      if (nag2.length + nag3.length > 0) result[construct.node.path] = { nag2: nag2.sort(), nag3: nag3.sort() };
    }
    return result;
  }

  test.each(Object.keys(CONFIGURATIONS))('%s', (name) => {
    const { app } = makeStack((stack) => CONFIGURATIONS[name](stack));
    const byResource = acknowledgedByChannel(app);
    expect(Object.keys(byResource).length).toBeGreaterThanOrEqual(3);
    for (const [resource, { nag2, nag3 }] of Object.entries(byResource)) {
      // Below aws-cdk-lib 2.257 there is no Validations API: only cdk-nag 2's metadata is written.
      expect({ resource, nag3 }).toEqual({ resource, nag3: hasValidations ? nag2 : [] });
    }
  });
});

describe('the analyzers find what they should', () => {
  // A bucket with none of the construct's defaults: the harness must see its findings,
  // or the zero counts above would prove nothing.
  const plainBucketApp = () => {
    const { app, stack } = makeStack();
    new s3.Bucket(stack, 'PlainBucket');
    return app;
  };
  const canaryDir = path.join(workDir, 'canary');
  fs.mkdirSync(canaryDir);
  const plain = analyze('plain-bucket-canary', plainBucketApp(), 'TestStack', path.join(workDir));

  test(`cdk-nag ${CDK_NAG_MAJOR} reports server access logs and SSL on a plain bucket`, () => {
    expect(plain.findings).toEqual(expect.arrayContaining([
      expect.stringMatching(/PlainBucket\/Resource: AwsSolutions-S1:/),
      expect.stringMatching(/PlainBucket\/Resource: AwsSolutions-S10:/),
    ]));
  });

  test('checkov reports access logging and versioning on a plain bucket', () => {
    // Synthesized without cdk-nag, which (as cdk-nag 3) would stop the synthesis.
    const template = plainBucketApp().synth().getStackByName('TestStack').template;
    fs.writeFileSync(path.join(canaryDir, 'plain-bucket.template.json'), JSON.stringify(template));
    const failed = checkov(canaryDir).failed.filter((f) => f.resource.includes('PlainBucket')).map((f) => f.checkId);
    expect(failed).toEqual(expect.arrayContaining(['CKV_AWS_18', 'CKV_AWS_21']));
  });
});
