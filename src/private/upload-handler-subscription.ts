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
  readonly uploadBucket: s3.IBucket;
  readonly uploadPrefix: string;
  readonly resultsBucket: s3.IBucket;
  /** The function that processes each upload. */
  readonly handler: lambda.IFunction;
  /** Only keys ending with this (already validated) suffix. */
  readonly suffix?: string;
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * One upload handler: an EventBridge rule on the upload bucket's "Object
 * Created" events under the upload prefix that invokes the handler, with
 * `s3:GetObject` on uploads and `s3:PutObject` on results granted to it.
 */
export class UploadHandlerSubscription extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: UploadHandlerSubscriptionProps) {
    super(scope, id);
    const { uploadBucket, uploadPrefix, resultsBucket, handler, suffix, deadLetterQueue } = props;
    let key: unknown[] | undefined;
    if (suffix !== undefined) {
      key = [{ wildcard: `${uploadPrefix}*${suffix}` }];
    } else if (uploadPrefix !== '') {
      key = [{ prefix: uploadPrefix }];
    }
    this.rule = new events.Rule(this, 'Rule', {
      description: `Sends new uploads in ${scope.node.path} to a handler`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [uploadBucket.bucketName] }, ...(key ? { object: { key } } : {}) },
      },
      targets: [new targets.LambdaFunction(handler, { deadLetterQueue })],
    });
    if (deadLetterQueue === undefined) {
      acknowledgeFindings(this.rule.node.defaultChild as events.CfnRule, {
        cdkNag: ['Serverless-EventBusDLQ'],
        reason: 'EventBridge retries delivery to the function for 24 hours and Lambda queues the event itself, '
          + 'so delivery rarely fails; pass deadLetterQueue to addUploadHandler to keep what still does.',
      });
    }
    grantGetObjects(uploadBucket, handler, `${uploadPrefix}*`);
    grantPutObjects(resultsBucket, handler, '*');
    acknowledgeHandlerGrants(handler, uploadBucket, uploadPrefix, resultsBucket);
  }
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
