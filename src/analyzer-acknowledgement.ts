import { type CfnResource, Stack } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * A finding of a static analyzer that the construct accepts on purpose, with
 * the reason. It is written into the resource's template metadata, in the
 * formats cdk-nag (`cdk_nag.rules_to_suppress`) and checkov (`checkov.skip`)
 * read, so every consumer who runs those tools on their own stack inherits
 * the acknowledgement and its reason instead of rediscovering the finding.
 */
export interface AnalyzerAcknowledgement {
  /** cdk-nag rule ids, e.g. `AwsSolutions-S1`. */
  readonly cdkNag?: string[];
  /**
   * For cdk-nag rules with granular findings (such as AwsSolutions-IAM5):
   * regular expressions of the findings accepted; omitted: all findings of the rules.
   */
  readonly cdkNagAppliesTo?: RegExp[];
  /** checkov check ids, e.g. `CKV_AWS_18`. */
  readonly checkov?: string[];
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

/** Records `acknowledgements` in `resource`'s metadata, next to any already there. */
export function acknowledgeFindings(resource: CfnResource, ...acknowledgements: AnalyzerAcknowledgement[]): void {
  const nag: CdkNagMetadata = resource.getMetadata('cdk_nag') ?? { rules_to_suppress: [] };
  const checkov: CheckovMetadata = resource.getMetadata('checkov') ?? { skip: [] };
  for (const ack of acknowledgements) {
    for (const id of ack.cdkNag ?? []) {
      nag.rules_to_suppress.push({
        id,
        reason: ack.reason,
        ...(ack.cdkNagAppliesTo ? { applies_to: ack.cdkNagAppliesTo.map((re) => ({ regex: re.toString() })) } : {}),
      });
    }
    for (const id of ack.checkov ?? []) {
      checkov.skip.push({ id, comment: ack.reason });
    }
  }
  if (nag.rules_to_suppress.length > 0) resource.addMetadata('cdk_nag', nag);
  if (checkov.skip.length > 0) resource.addMetadata('checkov', checkov);
}

/**
 * The cdk-nag finding (as `applies_to` matches it) of a policy resource
 * `<bucket>.Arn/keyPattern`, with `*` in `keyPattern` a literal wildcard:
 * the acknowledgement covers that one resource and no other wildcard.
 */
export function objectArnFinding(bucket: s3.Bucket, keyPattern: string): RegExp {
  const logicalId = Stack.of(bucket).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId);
  return new RegExp(`^Resource::<${logicalId}\\.Arn>/${escapeRegExp(keyPattern)}$`);
}

/** `text` as a literal inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
