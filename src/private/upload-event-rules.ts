import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgeFindings, objectArnFinding } from './analyzer-acknowledgement';
import { grantGetObjects, grantPutObjects } from './object-grants';

/**
 * The target of a Lambda convenience (`addUploadHandler`, `addThreatHandler`):
 * the function, invoked asynchronously, with `deadLetterQueue` for events
 * EventBridge could not deliver.
 */
export function lambdaTarget(handler: lambda.IFunction, deadLetterQueue: sqs.IQueue | undefined): events.IRuleTarget {
  return new targets.LambdaFunction(handler, { deadLetterQueue });
}

/**
 * A Lambda convenience's rule without a dead-letter queue: EventBridge
 * retries a function for 24 hours and Lambda queues the event itself, so the
 * construct records why cdk-nag's finding is accepted. (A rule of `onUpload`
 * or `onThreat` gets no such acknowledgement: its target is the caller's, and
 * so is the choice of a dead-letter queue.)
 */
export function acknowledgeNoDeadLetterQueue(rule: events.Rule): void {
  acknowledgeFindings(rule.node.defaultChild as events.CfnRule, {
    cdkNag: ['Serverless-EventBusDLQ'],
    reason: 'EventBridge retries delivery to the function for 24 hours and Lambda queues the event itself, '
      + 'so delivery rarely fails; pass deadLetterQueue to addUploadHandler or addThreatHandler to keep what still does.',
  });
}

/**
 * Lets `grantee` read uploads: `s3:GetObject` under the upload prefix (and
 * `kms:Decrypt` with a key), nothing wider. The object ARN ends in a wildcard,
 * since keys are per upload; the construct records why on the grantee's
 * policy when it is a role of this app.
 */
export function grantReadUploads(grantee: iam.IGrantable, uploadBucket: s3.IBucket, uploadPrefix: string): iam.Grant {
  const grant = grantGetObjects(uploadBucket, grantee, `${uploadPrefix}*`);
  const policy = defaultPolicyOf(grantee.grantPrincipal);
  if (policy !== undefined) {
    acknowledgeFindings(policy, {
      cdkNag: ['AwsSolutions-IAM5'],
      cdkNagFindings: [objectArnFinding(uploadBucket, `${uploadPrefix}*`)],
      reason: 'A reader of uploads gets each new upload (s3:GetObject under the upload prefix); keys are per upload, '
        + 'so the object ARN ends in a wildcard.',
    });
  }
  return grant;
}

/**
 * Lets a Lambda convenience's `handler` process uploads: `s3:GetObject`
 * under the upload prefix and `s3:PutObject` on results, nothing wider, with
 * one acknowledgement of the two wildcard object ARNs on its own policy.
 */
export function grantUploadProcessing(handler: lambda.IFunction, uploadBucket: s3.IBucket, uploadPrefix: string, resultsBucket: s3.IBucket): void {
  grantGetObjects(uploadBucket, handler, `${uploadPrefix}*`);
  grantPutObjects(resultsBucket, handler, '*');
  const policy = defaultPolicyOf(handler.grantPrincipal);
  if (policy === undefined) return;
  acknowledgeFindings(policy, {
    cdkNag: ['AwsSolutions-IAM5'],
    cdkNagFindings: [objectArnFinding(uploadBucket, `${uploadPrefix}*`), objectArnFinding(resultsBucket, '*')],
    reason: 'An upload handler reads each new upload (s3:GetObject under the upload prefix) and writes its result '
      + '(s3:PutObject in the results bucket); keys are per upload, so the object ARNs end in a wildcard.',
  });
}

/** The default policy of `principal` when it is a role of this app (the grants' statements land there); undefined otherwise. */
function defaultPolicyOf(principal: iam.IPrincipal): iam.CfnPolicy | undefined {
  const policy = principal instanceof iam.Role ? principal.node.tryFindChild('DefaultPolicy')?.node.defaultChild : undefined;
  return policy instanceof iam.CfnPolicy ? policy : undefined;
}
