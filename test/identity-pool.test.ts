import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { makeStack } from './util';
import { BrowserIdentities } from '../examples/identity-pool';

/** docs/iam-auth.md's identity pool (examples/identity-pool.ts), synthesized next to the construct with its default IAM auth. */

test('docs/iam-auth.md holds examples/identity-pool.ts verbatim', () => {
  const docs = fs.readFileSync(path.join(__dirname, '..', 'docs', 'iam-auth.md'), 'utf8');
  expect(docs).toContain('```ts\n' + fs.readFileSync(path.join(__dirname, '..', 'examples', 'identity-pool.ts'), 'utf8') + '```');
});

test('guests and signed-in users each get a role of this pool alone, which may invoke POST /uploads and nothing else', () => {
  const { stack, uploads, template } = makeStack();
  const userPool = new cognito.UserPool(stack, 'Users');
  const identities = new BrowserIdentities(stack, 'Identities', uploads, userPool, userPool.addClient('Web'));
  const t = template();
  const poolId = stack.getLogicalId(identities.identityPool);
  t.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: true });
  for (const [role, amr] of [['GuestRole', 'unauthenticated'], ['SignedInRole', 'authenticated']]) {
    const [roleId, resource] = Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith(`Identities${role}`))!;
    expect((resource as any).Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRoleWithWebIdentity',
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: poolId } }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr } },
    }]);
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    expect(policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement.map((s: any) => s.Action))).toEqual(['execute-api:Invoke']);
  }
  t.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'AWS_IAM' });
});

test('docs/iam-auth.md\'s lines that use it, as written, add the pool next to the construct', () => {
  const docs = fs.readFileSync(path.join(__dirname, '..', 'docs', 'iam-auth.md'), 'utf8');
  const snippet = [...docs.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.startsWith('const userPool = new cognito.UserPool('));
  expect(snippet).toBeDefined();
  const { stack, uploads, template } = makeStack();
  // The snippet is plain JavaScript: run it with the names it uses.
  new Function('stack', 'uploads', 'cognito', 'BrowserIdentities', snippet!)(stack, uploads, cognito, BrowserIdentities);
  const t = template();
  t.resourceCountIs('AWS::Cognito::IdentityPool', 1);
  t.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  expect(Object.keys(t.toJSON().Outputs ?? {})).toEqual([expect.stringMatching(/^BrowserIdentitiesIdentityPoolId/)]);
});
