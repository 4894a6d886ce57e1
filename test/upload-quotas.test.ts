import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { makeStack, onlyResource } from './util';
import { PresignAuth, RefusalCode, UploadEncryption, UploadQuotas } from '../src';

const QUOTAS = UploadQuotas.enabled({ bytesPerDay: Size.gibibytes(500) });

function environmentOf(template: Template): Record<string, any> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))
    .find((r: any) => r.Properties.Environment?.Variables?.UPLOAD_BUCKET !== undefined) as any;
  return fn.Properties.Environment.Variables;
}

/** Every statement of the presign role's policy, as JSON, for comparing two stacks. */
function presignStatements(stack: Stack, template: Template): string[] {
  const roleId = stack.resolve((Object.entries(template.findResources('AWS::IAM::Role'))
    .find(([, r]: [string, any]) => r.Properties.Description?.startsWith('Presign function'))!)[0]);
  const policy = Object.values(template.findResources('AWS::IAM::Policy'))
    .find((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId)) as any;
  return policy.Properties.PolicyDocument.Statement.map((s: unknown) => JSON.stringify(s));
}

describe('quotas off (the default)', () => {
  test('no table, no quota settings, and no caller key without keys per caller', () => {
    const { template } = makeStack({ auth: PresignAuth.none() });
    const t = template();
    t.resourceCountIs('AWS::DynamoDB::Table', 0);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(Object.keys(environmentOf(t)).filter((name) => name.startsWith('UPLOAD_QUOTA'))).toEqual([]);
  });

  test('UploadQuotas.disabled() is the same as leaving quotas out', () => {
    const off = makeStack({ quotas: UploadQuotas.disabled() }).template().toJSON();
    expect(JSON.stringify(off)).toBe(JSON.stringify(makeStack().template().toJSON()));
  });
});

describe('quotas on', () => {
  test('one on-demand table keyed by a string, with TTL on expiresAt, kept by default', () => {
    const { template, uploads } = makeStack({ quotas: QUOTAS });
    const t = template();
    const table = onlyResource(t, 'AWS::DynamoDB::Table');
    expect(table.Properties).toEqual(expect.objectContaining({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    }));
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: false }); // DynamoDB's AWS owned key
    expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(uploads.quotaTable).toBeDefined();
  });

  test('removalPolicy DESTROY removes the table with the stack', () => {
    const table = onlyResource(makeStack({ quotas: QUOTAS, removalPolicy: RemovalPolicy.DESTROY }).template(), 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Delete');
  });

  test('UploadEncryption.kms(): the table is encrypted with the construct\'s key', () => {
    const { stack, template, uploads } = makeStack({ quotas: QUOTAS, encryption: UploadEncryption.kms() });
    const table = onlyResource(template(), 'AWS::DynamoDB::Table');
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: stack.resolve(uploads.encryptionKey!.keyArn),
    });
  });

  test('the function\'s only new permission is dynamodb:UpdateItem on the table', () => {
    const off = makeStack({ auth: PresignAuth.jwt({ issuer: 'https://issuer.example.com', audience: ['a'] }) });
    const on = makeStack({ auth: PresignAuth.jwt({ issuer: 'https://issuer.example.com', audience: ['a'] }), quotas: QUOTAS });
    const before = new Set(presignStatements(off.stack, off.template()));
    const added = presignStatements(on.stack, on.template()).filter((s) => !before.has(s)).map((s) => JSON.parse(s));
    const tableId = Object.keys(on.template().findResources('AWS::DynamoDB::Table'))[0];
    expect(added).toEqual([{ Action: 'dynamodb:UpdateItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }]);
  });

  test('with the construct\'s key, also kms:Decrypt on it through DynamoDB only', () => {
    const off = makeStack({ encryption: UploadEncryption.kms() });
    const on = makeStack({ encryption: UploadEncryption.kms(), quotas: QUOTAS });
    const before = new Set(presignStatements(off.stack, off.template()));
    const added = presignStatements(on.stack, on.template()).filter((s) => !before.has(s)).map((s) => JSON.parse(s));
    expect(added.map((s) => s.Action)).toEqual(['dynamodb:UpdateItem', 'kms:Decrypt']);
    expect(added[1].Condition).toEqual({
      StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } },
    });
    expect(added[1].Resource).toEqual(on.stack.resolve(on.uploads.encryptionKey!.keyArn));
  });

  test('the function gets the table, the limits with their defaults, and a caller key even with PresignAuth.none()', () => {
    const { stack, template } = makeStack({ auth: PresignAuth.none(), quotas: QUOTAS });
    const t = template();
    const env = environmentOf(t);
    const tableId = Object.keys(t.findResources('AWS::DynamoDB::Table'))[0];
    expect(env.UPLOAD_QUOTA_TABLE).toEqual({ Ref: tableId });
    expect(JSON.parse(stack.resolve(env.UPLOAD_QUOTA_LIMITS))).toEqual({
      requestsPerCaller: 600,
      requestWindowSeconds: 60,
      uploadsPerCaller: 1000,
      bytesPerCaller: 100 * 100 * 2 ** 20,
      usageWindowSeconds: 86_400,
      bytesPerDay: 500 * 2 ** 30,
      failOpen: false,
    });
    expect(env.UPLOAD_CALLER_SOURCE).toBeUndefined();
    expect(JSON.stringify(env.UPLOAD_CALLER_KEY)).toContain('resolve:secretsmanager');
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  test('every option reaches the function', () => {
    const { stack, template } = makeStack({
      maxUploadSize: Size.gibibytes(1),
      quotas: UploadQuotas.enabled({
        bytesPerDay: Size.tebibytes(2),
        requestsPerCaller: 30,
        requestWindow: Duration.seconds(10),
        uploadsPerCaller: 50,
        bytesPerCaller: Size.gibibytes(20),
        usageWindow: Duration.hours(6),
        failOpen: true,
      }),
    });
    expect(JSON.parse(stack.resolve(environmentOf(template()).UPLOAD_QUOTA_LIMITS))).toEqual({
      requestsPerCaller: 30,
      requestWindowSeconds: 10,
      uploadsPerCaller: 50,
      bytesPerCaller: 20 * 2 ** 30,
      usageWindowSeconds: 6 * 3600,
      bytesPerDay: 2 * 2 ** 40,
      failOpen: true,
    });
  });

  test('metricRefusals: the Refusals count of one code, for this function, summed', () => {
    const { stack, uploads } = makeStack({ quotas: QUOTAS });
    const metric = uploads.metricRefusals(RefusalCode.RATE_LIMITED, { period: Duration.minutes(1) });
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds()]).toEqual(['PresignedUploadBucket', 'Refusals', 'Sum', 60]);
    expect(stack.resolve(metric.dimensions)).toEqual({ FunctionName: stack.resolve(uploads.presignFunction.functionName), Code: 'RATE_LIMITED' });
  });
});

describe('quota validation', () => {
  test('every problem in one error, each naming the option, the value and the fix', () => {
    expect(() => makeStack({
      maxUploadSize: Size.gibibytes(1),
      quotas: UploadQuotas.enabled({
        bytesPerDay: Size.mebibytes(512),
        bytesPerCaller: Size.mebibytes(100),
        requestsPerCaller: 0,
        uploadsPerCaller: 2.5,
        requestWindow: Duration.millis(500),
        usageWindow: Duration.days(32),
      }),
    })).toThrow(new Error([
      'Invalid PresignedUploadBucket props at path [TestStack/Uploads]:',
      '  - quotas requestsPerCaller is 0: use a whole number of at least 1',
      '  - quotas requestWindow is 500 millis: use whole seconds from Duration.seconds(1) to Duration.days(31)',
      '  - quotas uploadsPerCaller is 2.5: use a whole number of at least 1',
      '  - quotas bytesPerCaller is 100 MiB, less than maxUploadSize (1 GiB), so a file of the largest size could never be uploaded: '
        + 'raise bytesPerCaller to at least Size.bytes(1073741824), or lower maxUploadSize',
      '  - quotas usageWindow is 32 days: use whole seconds from Duration.seconds(1) to Duration.days(31)',
      '  - quotas bytesPerDay is 512 MiB, less than maxUploadSize (1 GiB), so a file of the largest size could never be uploaded: '
        + 'raise bytesPerDay to at least Size.bytes(1073741824), or lower maxUploadSize',
    ].join('\n')));
  });

  test('limits equal to one upload of maxUploadSize are accepted', () => {
    const oneUpload = Size.mebibytes(100);
    expect(() => makeStack({ quotas: UploadQuotas.enabled({ bytesPerDay: oneUpload, bytesPerCaller: oneUpload }) })).not.toThrow();
  });

  test('a fractional byte count is refused', () => {
    expect(() => makeStack({ quotas: UploadQuotas.enabled({ bytesPerDay: Size.bytes(1e12 + 0.5) }) }))
      .toThrow(/quotas bytesPerDay is not a whole number of bytes: use e.g. Size.gibibytes\(500\)/);
  });

  test('the default bytesPerCaller is 100 uploads of maxUploadSize, S3\'s largest objects included', () => {
    const largest = Size.bytes(53_687_091_200_000);
    const { stack, template } = makeStack({ maxUploadSize: largest, quotas: UploadQuotas.enabled({ bytesPerDay: largest }) });
    expect(JSON.parse(stack.resolve(environmentOf(template()).UPLOAD_QUOTA_LIMITS)).bytesPerCaller).toBe(5_368_709_120_000_000);
  });
});

test('the table matches its analyzers\' expectations: PITR acknowledged with its reason', () => {
  const table = onlyResource(makeStack({ quotas: QUOTAS }).template(), 'AWS::DynamoDB::Table');
  expect(table.Metadata.cdk_nag.rules_to_suppress).toEqual([expect.objectContaining({ id: 'AwsSolutions-DDB3', reason: expect.stringMatching(/expire with their window/) })]);
  expect(table.Metadata.checkov.skip.map((s: any) => s.id)).toEqual(['CKV_AWS_28', 'CKV_AWS_119']);
});

test('the alarms on refusals in docs/operations.md, as written, synthesize two alarms on this function\'s Refusals', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'operations.md'), 'utf8');
  const snippet = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.startsWith('uploads.metricRefusals('));
  expect(snippet).toBeDefined();
  const { stack, uploads, template } = makeStack({ quotas: QUOTAS });
  // The snippet is plain JavaScript: run it with the names it uses.
  new Function('uploads', 'stack', 'cloudwatch', 'RefusalCode', snippet!)(uploads, stack, cloudwatch, RefusalCode);
  const alarms = Object.values(template().findResources('AWS::CloudWatch::Alarm')) as any[];
  expect(alarms.map((a) => [a.Properties.Namespace, a.Properties.MetricName, a.Properties.Statistic, a.Properties.Period])).toEqual([
    ['PresignedUploadBucket', 'Refusals', 'Sum', 300], ['PresignedUploadBucket', 'Refusals', 'Sum', 300],
  ]);
  expect(alarms.map((a) => a.Properties.Dimensions.find((d: any) => d.Name === 'Code').Value)).toEqual(['QUOTA_UNAVAILABLE', 'DAILY_BUDGET_EXCEEDED']);
  expect(alarms[0].Properties.Dimensions.find((d: any) => d.Name === 'FunctionName').Value).toEqual(stack.resolve(uploads.presignFunction.functionName));
});
