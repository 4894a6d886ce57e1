import * as cdk from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * A finding of a static analyzer that the construct accepts on purpose, with
 * the reason. `acknowledgeFindings` records it where each analyzer looks, so
 * every consumer who runs these tools on their own stack inherits the
 * acknowledgement and its reason instead of rediscovering the finding:
 *
 * - cdk-nag 2: template metadata `cdk_nag.rules_to_suppress`;
 * - cdk-nag 3: CDK's own `Validations.of(resource).acknowledge(...)`, when the
 *   consumer's aws-cdk-lib has it (2.257.0 and later);
 * - checkov: template metadata `checkov.skip`;
 * - cfn-lint: template metadata `cfn-lint.config.ignore_checks`.
 */
export interface AnalyzerAcknowledgement {
  /** cdk-nag rule ids, e.g. `AwsSolutions-S1`. */
  readonly cdkNag?: string[];
  /**
   * For cdk-nag rules with granular findings (such as AwsSolutions-IAM5): the
   * exact findings accepted, e.g. `Resource::<UploadBucket1234.Arn>/uploads/*`;
   * omitted: every finding of the rules.
   */
  readonly cdkNagFindings?: string[];
  /** checkov check ids, e.g. `CKV_AWS_18`. */
  readonly checkov?: string[];
  /** cfn-lint rule ids, e.g. `W3005`. */
  readonly cfnLint?: string[];
  /** Why the finding is a deliberate choice, and how a user changes it. */
  readonly reason: string;
}

/**
 * The construct's log groups hold request metadata (ids, status, timings),
 * never object content, credentials or signatures.
 */
export const LOG_GROUP_ENCRYPTION: AnalyzerAcknowledgement = {
  checkov: ['CKV_AWS_158'],
  reason: 'The log lines hold request metadata only (ids, status codes, timings), never file content or credentials; '
    + 'CloudWatch Logs encrypts them at rest with AWS-owned keys.',
};

/**
 * The reason for leaving logs off until the user names a log bucket: a log
 * bucket is an account-wide choice, so the construct takes the user's.
 */
export function logsOffReason(logs: string, prop: string): string {
  return `${logs} are written when ${prop} is set; the log bucket is an account-wide choice, `
    + 'so the construct takes yours instead of creating one per instance.';
}

interface CdkNagMetadata {
  rules_to_suppress: Array<{ id: string; reason: string; applies_to?: Array<{ regex: string }> }>;
}

interface CheckovMetadata {
  skip: Array<{ id: string; comment: string }>;
}

interface CfnLintMetadata {
  config: { ignore_checks: string[] };
}

/** The part of aws-cdk-lib 2.257+'s `Validations` the construct uses; absent from older releases. */
interface ValidationsApi {
  of(scope: IConstruct): { acknowledge(...rules: Array<{ id: string; reason: string }>): void };
}

/**
 * `Validations` of the consumer's aws-cdk-lib, or undefined below 2.257.0.
 * Looked up at run time so the construct's floor stays where it is.
 */
function validationsApi(): ValidationsApi | undefined {
  const candidate = (cdk as unknown as { Validations?: ValidationsApi }).Validations;
  return typeof candidate?.of === 'function' ? candidate : undefined;
}

/** The cdk-nag rule ids `ack` names, each with its granular findings when it has some (`Rule[finding]`, cdk-nag 3's form). */
function cdkNagRuleIds(ack: AnalyzerAcknowledgement): string[] {
  return (ack.cdkNag ?? []).flatMap((rule) =>
    ack.cdkNagFindings ? ack.cdkNagFindings.map((finding) => `${rule}[${finding}]`) : [rule]);
}

/** Records `acknowledgements` on `resource`, for every analyzer, next to any already there. */
export function acknowledgeFindings(resource: cdk.CfnResource, ...acknowledgements: AnalyzerAcknowledgement[]): void {
  const nag: CdkNagMetadata = resource.getMetadata('cdk_nag') ?? { rules_to_suppress: [] };
  const checkov: CheckovMetadata = resource.getMetadata('checkov') ?? { skip: [] };
  const cfnLint: CfnLintMetadata = resource.getMetadata('cfn-lint') ?? { config: { ignore_checks: [] } };
  const validations = validationsApi();
  for (const ack of acknowledgements) {
    for (const id of ack.cdkNag ?? []) {
      nag.rules_to_suppress.push({
        id,
        reason: ack.reason,
        ...(ack.cdkNagFindings ? { applies_to: ack.cdkNagFindings.map((finding) => ({ regex: `/^${escapeRegExp(finding)}$/` })) } : {}),
      });
    }
    const nag3Ids = cdkNagRuleIds(ack);
    if (validations !== undefined && nag3Ids.length > 0) {
      validations.of(resource).acknowledge(...nag3Ids.map((id) => ({ id, reason: ack.reason })));
    }
    for (const id of ack.checkov ?? []) {
      checkov.skip.push({ id, comment: ack.reason });
    }
    cfnLint.config.ignore_checks.push(...ack.cfnLint ?? []);
  }
  if (nag.rules_to_suppress.length > 0) resource.addMetadata('cdk_nag', nag);
  if (checkov.skip.length > 0) resource.addMetadata('checkov', checkov);
  if (cfnLint.config.ignore_checks.length > 0) resource.addMetadata('cfn-lint', cfnLint);
}

/**
 * The cdk-nag finding of a policy resource `<bucket>.Arn/keyPattern`, as
 * cdk-nag words it (`*` in `keyPattern` is a literal wildcard): the
 * acknowledgement covers that one resource and no other wildcard.
 */
export function objectArnFinding(bucket: s3.IBucket, keyPattern: string): string {
  const logicalId = cdk.Stack.of(bucket).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId);
  return `Resource::<${logicalId}.Arn>/${keyPattern}`;
}

/** `text` as a literal inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
