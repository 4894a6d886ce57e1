import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeFindings, objectArnFinding } from './analyzer-acknowledgement';
import { grantGetObjects, grantPutObjects } from './object-grants';

/** Props of {@link UploadHandlerSubscription}. */
export interface UploadHandlerSubscriptionProps {
  /** The function that gets the events. */
  readonly handler: lambda.IFunction;
  /** Which events: "Object Created", or a scan result (see upload-event-patterns.ts). */
  readonly eventPattern: events.EventPattern;
  /** The rule's description. */
  readonly description: string;
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * One handler of upload events: an EventBridge rule that invokes it. What
 * the handler may read and write is granted apart (`grantUploadProcessing`):
 * a threat handler gets the event only.
 */
export class UploadHandlerSubscription extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: UploadHandlerSubscriptionProps) {
    super(scope, id);
    const { handler, deadLetterQueue } = props;
    this.rule = new events.Rule(this, 'Rule', {
      description: props.description,
      eventPattern: props.eventPattern,
      targets: [new targets.LambdaFunction(handler, { deadLetterQueue })],
    });
    if (deadLetterQueue === undefined) {
      acknowledgeFindings(this.rule.node.defaultChild as events.CfnRule, {
        cdkNag: ['Serverless-EventBusDLQ'],
        reason: 'EventBridge retries delivery to the function for 24 hours and Lambda queues the event itself, '
          + 'so delivery rarely fails; pass deadLetterQueue to addUploadHandler or addThreatHandler to keep what still does.',
      });
    }
  }
}

/**
 * Lets `handler` process uploads: `s3:GetObject` under the upload prefix and
 * `s3:PutObject` on results, nothing wider.
 */
export function grantUploadProcessing(handler: lambda.IFunction, uploadBucket: s3.IBucket, uploadPrefix: string, resultsBucket: s3.IBucket): void {
  grantGetObjects(uploadBucket, handler, `${uploadPrefix}*`);
  grantPutObjects(resultsBucket, handler, '*');
  acknowledgeHandlerGrants(handler, uploadBucket, uploadPrefix, resultsBucket);
}

/**
 * A handler reads any upload and writes any result, so the object ARNs in
 * its policy end in a wildcard; the construct records why, on the handler's
 * own policy, for these two statements only.
 */
function acknowledgeHandlerGrants(handler: lambda.IFunction, uploadBucket: s3.IBucket, uploadPrefix: string, resultsBucket: s3.IBucket): void {
  const policy = handler.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!(policy instanceof iam.CfnPolicy)) return;
  acknowledgeFindings(policy, {
    cdkNag: ['AwsSolutions-IAM5'],
    cdkNagFindings: [objectArnFinding(uploadBucket, `${uploadPrefix}*`), objectArnFinding(resultsBucket, '*')],
    reason: 'An upload handler reads each new upload (s3:GetObject under the upload prefix) and writes its result '
      + '(s3:PutObject in the results bucket); keys are per upload, so the object ARNs end in a wildcard.',
  });
}
