import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Match, type Template } from 'aws-cdk-lib/assertions';

/**
 * The upload bucket's policy, as synthesized, evaluated by a real IAM policy
 * evaluator (@cloud-copilot/iam-simulate, a test-only dependency), with the
 * template's references replaced by concrete values.
 */
export const ACCOUNT = '111122223333';
export const BUCKET = 'upload-bucket';
export const SCAN_ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-scan`;

/** The upload bucket's policy document, as synthesized. */
export function uploadBucketPolicy(template: Template): any {
  const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy', {
    Properties: { Bucket: { Ref: Match.stringLikeRegexp('^UploadsUploadBucket') } },
  })) as any[];
  return policy.Properties.PolicyDocument;
}

/** Replaces the template's intrinsics in `value` with concrete values; an unknown reference fails. */
export function resolveIntrinsics(value: any): any {
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) {
    return ({ 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1', 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' } as Record<string, string>)[value.Ref]
      ?? (value.Ref.startsWith('UploadsUploadBucket') ? BUCKET : fail(`no value for Ref ${value.Ref}`));
  }
  if ('Fn::GetAtt' in value) {
    const [id] = value['Fn::GetAtt'];
    if (id.startsWith('UploadsUploadBucket')) return `arn:aws:s3:::${BUCKET}`;
    if (id.startsWith('UploadsMalwareScanningRole')) return SCAN_ROLE;
    return fail(`no value for GetAtt ${id}`);
  }
  if ('Fn::Join' in value) return (resolveIntrinsics(value['Fn::Join'][1]) as string[]).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v)]));
}

function fail(message: string): never {
  throw new Error(message);
}

/** One request on an object of the upload bucket. */
export interface ObjectRequest {
  /** The caller: an IAM user, or a role session (`arn:aws:sts::…:assumed-role/{role}/{session}`). */
  readonly principal: string;
  /** The S3 action, e.g. `s3:PutObject`. */
  readonly action: string;
  /** The object's ARN. */
  readonly resource: string;
  /** The request's condition keys besides the principal's and TLS's. */
  readonly context?: Record<string, string>;
}

/**
 * The decision (`Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`) for a
 * request by a principal whose own policy allows the action on every object,
 * under `bucketPolicy` (resolved).
 */
export async function decide(bucketPolicy: any, request: ObjectRequest): Promise<string> {
  const result = await runSimulation({
    identityPolicies: [{
      name: 'allow',
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: request.action, Resource: `arn:aws:s3:::${BUCKET}/*` }] },
    }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: bucketPolicy,
    request: {
      principal: request.principal,
      action: request.action,
      resource: { accountId: ACCOUNT, resource: request.resource },
      contextVariables: {
        // AWS puts the role's ARN in every request of a role session; the simulator needs it given.
        'aws:PrincipalArn': request.principal.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, 'arn:aws:iam::$1:role/$2'),
        'aws:SecureTransport': 'true',
        's3:TlsVersion': '1.3',
        ...request.context,
      },
    },
  }, {});
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}
