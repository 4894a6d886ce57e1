import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MalwareProtection, PresignedUploadBucket, type PresignedUploadBucketProps, UploadEncryption } from '../src';
import { makeStack, ORIGINS } from './util';

/**
 * onUpload and onThreat: any EventBridge target, with the rule the Lambda
 * conveniences use; grantReadUploads for what the target runs; rule ids that
 * don't depend on the order of calls.
 */

const OBJECT_CREATED = {
  'source': ['aws.s3'],
  'detail-type': ['Object Created'],
  'detail': { bucket: { name: [{ Ref: expect.stringMatching(/^UploadsUploadBucket/) }] }, object: { key: [{ prefix: 'uploads/' }] } },
};

function ruleOf(template: Template, stack: Stack, rule: events.Rule): any {
  return template.toJSON().Resources[stack.getLogicalId(rule.node.defaultChild as CfnElement)];
}

function workflow(stack: Stack): sfn.StateMachine {
  return new sfn.StateMachine(stack, 'Workflow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start')) });
}

describe('onUpload', () => {
  test('a queue target gets "Object Created" for the upload prefix, and the queue policy admits only this rule', () => {
    const { stack, uploads, template } = makeStack();
    const queue = new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    const rule = uploads.onUpload('ToQueue', { target: new targets.SqsQueue(queue) });
    const t = template();
    const resource = ruleOf(t, stack, rule);
    expect(resource.Properties.EventPattern).toEqual(OBJECT_CREATED);
    expect(resource.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/^Queue/), 'Arn'] } })]);
    expect(stack.getLogicalId(rule.node.defaultChild as CfnElement)).toMatch(/^UploadsToQueue/);
    const policy = Object.values(t.findResources('AWS::SQS::QueuePolicy'))[0] as any;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
      Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [stack.getLogicalId(rule.node.defaultChild as CfnElement), 'Arn'] } } },
    }));
  });

  test('takes CDK\'s rule options: a name, a description and a pattern merged into its own; the target may come later', () => {
    const { stack, uploads, template } = makeStack();
    const queue = new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    const rule = uploads.onUpload('Large', {
      ruleName: 'large-uploads',
      description: 'Large uploads to the queue',
      eventPattern: { detail: { object: { size: [{ numeric: ['>', 1_000_000] }] } } },
    });
    rule.addTarget(new targets.SqsQueue(queue));
    const resource = ruleOf(template(), stack, rule);
    expect(resource.Properties.Name).toBe('large-uploads');
    expect(resource.Properties.Description).toBe('Large uploads to the queue');
    expect(resource.Properties.EventPattern).toEqual({
      ...OBJECT_CREATED,
      detail: { ...OBJECT_CREATED.detail, object: { ...OBJECT_CREATED.detail.object, size: [{ numeric: ['>', 1_000_000] }] } },
    });
    expect(resource.Properties.Targets).toHaveLength(1);
  });

  test('without options, the rule has its own description and no target yet', () => {
    const { stack, uploads, template } = makeStack();
    const rule = uploads.onUpload('Later');
    const resource = ruleOf(template(), stack, rule);
    expect(resource.Properties.Description).toBe('Sends new uploads in TestStack/Uploads to Later');
    expect(resource.Properties.Targets).toBeUndefined();
  });

  test('a state machine target is started by a role that may start that state machine only; the state machine reads uploads when granted', () => {
    const { stack, uploads, template } = makeStack();
    const machine = workflow(stack);
    const rule = uploads.onUpload('ToWorkflow', { target: new targets.SfnStateMachine(machine), suffix: '.mp4' });
    uploads.grantReadUploads(machine);
    const t = template();
    const resource = ruleOf(t, stack, rule);
    expect(resource.Properties.EventPattern.detail.object.key).toEqual([{ wildcard: 'uploads/*.mp4' }]);
    const [target] = resource.Properties.Targets;
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/^Workflow/) });
    const eventsRole = Object.entries(t.findResources('AWS::IAM::Role'))
      .find(([id]) => id === target.RoleArn['Fn::GetAtt'][0])![1] as any;
    expect(eventsRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
    const policies = Object.values(t.findResources('AWS::IAM::Policy')) as any[];
    const statementsFor = (roleId: string) => policies.filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statementsFor(target.RoleArn['Fn::GetAtt'][0])).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^Workflow/) } },
    ]);
    const machineRole = (Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as any).Properties.RoleArn['Fn::GetAtt'][0];
    expect(statementsFor(machineRole)).toEqual([{
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] },
    }]);
  });

  test('with malware protection, an upload target gets only GuardDuty\'s NO_THREATS_FOUND results, a threat target only THREATS_FOUND', () => {
    const { stack, uploads, template } = makeStack({ malwareProtection: MalwareProtection.guardDuty() });
    const clean = uploads.onUpload('Clean', { target: new targets.SqsQueue(new sqs.Queue(stack, 'CleanQueue', { enforceSSL: true })) });
    const threats = uploads.onThreat('Threats', { target: new targets.SfnStateMachine(workflow(stack)) });
    const t = template();
    expect(ruleOf(t, stack, clean).Properties.EventPattern.detail.scanResultDetails).toEqual({ scanResultStatus: ['NO_THREATS_FOUND'] });
    expect(ruleOf(t, stack, threats).Properties.EventPattern.detail.scanResultDetails).toEqual({ scanResultStatus: ['THREATS_FOUND'] });
    expect(ruleOf(t, stack, clean).Properties.EventPattern.source).toEqual(['aws.guardduty']);
  });

  test('refuses a wildcard suffix, and onThreat without malware protection, naming the method', () => {
    const { stack, uploads } = makeStack();
    const target = new targets.SqsQueue(new sqs.Queue(stack, 'Queue'));
    expect(() => uploads.onUpload('Bad', { target, suffix: '*.png' })).toThrow('onUpload at path [TestStack/Uploads]: suffix "*.png" must be non-empty and contain no "*" or "?"');
    expect(() => uploads.onThreat('Threats', { target })).toThrow('onThreat at path [TestStack/Uploads]: malwareProtection is not set, so nothing is scanned');
  });
});

describe('grantReadUploads', () => {
  test('s3:GetObject under the upload prefix, and kms:Decrypt on the construct\'s key with KMS', () => {
    const { stack, uploads, template } = makeStack({ encryption: UploadEncryption.kms() });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    uploads.grantReadUploads(reader);
    const statements = (Object.values(template().findResources('AWS::IAM::Policy')) as any[])
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref.startsWith('Reader')))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] } },
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] } },
    ]);
  });
});

describe('the Lambda conveniences\' rules are named after the function', () => {
  function stackWith(order: string[], props: Partial<PresignedUploadBucketProps> = {}): { stack: Stack; ids: Record<string, string> } {
    const stack = new Stack(new App(), 'Ordered', { env: { account: '111122223333', region: 'eu-west-1' } });
    const uploads = new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, ...props });
    const ids: Record<string, string> = {};
    for (const name of order) {
      const fn = new lambda.Function(stack, name, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
      ids[name] = stack.getLogicalId(uploads.addUploadHandler(fn).node.defaultChild as CfnElement);
    }
    return { stack, ids };
  }

  test('so adding two handlers in the other order changes neither rule', () => {
    const forward = stackWith(['Thumbnails', 'Transcoder']).ids;
    const backward = stackWith(['Transcoder', 'Thumbnails']).ids;
    expect(forward).toEqual(backward);
    expect(forward.Thumbnails).toMatch(/^UploadsUploadHandlerThumbnails[0-9A-F]{8}$/);
  });

  test('and the same function added twice is refused with a way out', () => {
    const { stack, uploads } = makeStack();
    const fn = new lambda.Function(stack, 'Processor', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    uploads.addUploadHandler(fn);
    expect(() => uploads.addUploadHandler(fn, { suffix: '.png' }))
      .toThrow('addUploadHandler at path [TestStack/Uploads]: TestStack/Processor already gets these events: add each function once, or use onUpload or onThreat with an id of your own');
  });

  test('two functions whose paths spell the same id are told apart by an error, not merged', () => {
    const { stack, uploads } = makeStack();
    const fn = (scope: Stack | lambda.Function, id: string) => new lambda.Function(scope as any, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    uploads.addUploadHandler(fn(stack, 'AB'));
    const group = new lambda.Function(stack, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    expect(() => uploads.addUploadHandler(fn(group, 'B'))).toThrow('addUploadHandler at path [TestStack/Uploads]: TestStack/A/B and TestStack/AB would both name their rule UploadHandlerAB');
  });
});
