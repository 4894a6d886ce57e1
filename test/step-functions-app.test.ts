import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { StepFunctionsPipelineStack } from '../examples/step-functions-app';

/**
 * examples/step-functions-app.ts, a pipeline without Lambda: the rule starts
 * the workflow for each new upload, the workflow reads the upload and writes
 * its result with S3 service integrations, and may do nothing else. (The
 * static-analysis suite runs cdk-nag, cfn-lint and checkov on it.)
 */

const stack = new StepFunctionsPipelineStack(new App(), 'UploadPipeline', { env: { region: 'eu-west-1' } });
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources;
const machineId = stack.getLogicalId(stack.pipeline.node.defaultChild as any);

test('each new upload starts the workflow, and events EventBridge can\'t deliver go to a dead-letter queue', () => {
  const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as any[];
  expect(rule.Properties.EventPattern['detail-type']).toEqual(['Object Created']);
  expect(rule.Properties.Targets).toEqual([expect.objectContaining({
    Arn: { Ref: machineId },
    DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^Undelivered/), 'Arn'] } },
  })]);
});

test('the workflow reads the upload\'s head, then writes {key}.json to the results bucket', () => {
  const definition = JSON.parse((resources[machineId].Properties.DefinitionString['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('')); // each token sits inside a JSON string
  expect(definition.StartAt).toBe('ReadUpload');
  expect(definition.States.ReadUpload).toMatchObject({
    Resource: expect.stringContaining(':states:::aws-sdk:s3:headObject'),
    Parameters: { 'Bucket.$': '$.detail.bucket.name', 'Key.$': '$.detail.object.key', 'ChecksumMode': 'ENABLED' },
    Next: 'WriteResult',
  });
  expect(definition.States.WriteResult).toMatchObject({
    Resource: expect.stringContaining(':states:::aws-sdk:s3:putObject'),
    Parameters: { 'Key.$': "States.Format('{}.json', $.detail.object.key)", 'ContentType': 'application/json' },
    End: true,
  });
});

test('its role may read uploads and write results, nothing else of S3', () => {
  const roleId = resources[machineId].Properties.RoleArn['Fn::GetAtt'][0];
  const statements = (Object.values(template.findResources('AWS::IAM::Policy')) as any[])
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => String(s.Action).startsWith('s3:'));
  expect(statements).toEqual([
    { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] } },
    { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsResultsBucket/), 'Arn'] }, '/*']] } },
  ]);
});
