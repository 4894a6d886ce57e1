import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeFindings, logsOffReason } from './analyzer-acknowledgement';

/** What differs between the construct's two buckets; everything else is the same secure baseline. */
export interface SecureBucketProps {
  readonly encryptionKey?: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly serverAccessLogsBucket?: s3.IBucket;
  readonly serverAccessLogsPrefix: string;
  readonly cors: s3.CorsRule[];
  readonly lifecycleRules?: s3.LifecycleRule[];
  /** Send object events to EventBridge. */
  readonly eventBridgeEnabled?: boolean;
  /** Enable S3 Transfer Acceleration. */
  readonly transferAcceleration?: boolean;
  /** Why this bucket is not versioned (recorded for cdk-nag and checkov). */
  readonly unversionedReason: string;
}

/**
 * A private bucket: all public access blocked, TLS 1.2+ enforced by bucket
 * policy, ACLs disabled (bucket owner enforced), encrypted at rest with SSE-S3
 * or SSE-KMS (with an S3 Bucket Key). It records its own analyzer
 * acknowledgements (versioning, and access logs while none are configured).
 */
export class SecureBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? props.serverAccessLogsPrefix : undefined,
      cors: props.cors,
      lifecycleRules: props.lifecycleRules,
      transferAcceleration: props.transferAcceleration,
    });
    const cfnBucket = this.node.defaultChild as s3.CfnBucket;
    acknowledgeFindings(cfnBucket, { checkov: ['CKV_AWS_21'], reason: props.unversionedReason });
    if (props.serverAccessLogsBucket === undefined) {
      acknowledgeFindings(cfnBucket, {
        cdkNag: ['AwsSolutions-S1'],
        checkov: ['CKV_AWS_18'],
        reason: `${logsOffReason('Server access logs', 'serverAccessLogsBucket')} CloudTrail S3 data events are the alternative.`,
      });
    }
    if (props.eventBridgeEnabled) {
      // The L2's `eventBridgeEnabled` goes through CDK's bucket-notifications
      // custom resource (a Lambda whose runtime is fixed by the aws-cdk-lib
      // version). The CloudFormation property does the same natively.
      cfnBucket.notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
    }
  }
}
