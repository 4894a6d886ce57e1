import type { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeFindings, logsOffReason } from './analyzer-acknowledgement';

/** What differs between the two buckets; everything else is the same secure baseline. */
export interface SecureBucketOptions {
  readonly encryptionKey?: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly serverAccessLogsBucket?: s3.IBucket;
  readonly serverAccessLogsPrefix: string;
  readonly cors: s3.CorsRule[];
  readonly lifecycleRules?: s3.LifecycleRule[];
  /** Send object events to EventBridge. */
  readonly eventBridgeEnabled?: boolean;
  /** Why this bucket is not versioned (recorded for cdk-nag and checkov). */
  readonly unversionedReason: string;
}

/**
 * A private bucket: all public access blocked, TLS 1.2+ enforced by bucket
 * policy, ACLs disabled (bucket owner enforced), encrypted at rest with SSE-S3
 * or SSE-KMS (with an S3 Bucket Key).
 */
export function createSecureBucket(scope: Construct, id: string, options: SecureBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: options.encryptionKey ? true : undefined,
    removalPolicy: options.removalPolicy,
    autoDeleteObjects: options.autoDeleteObjects,
    serverAccessLogsBucket: options.serverAccessLogsBucket,
    serverAccessLogsPrefix: options.serverAccessLogsBucket ? options.serverAccessLogsPrefix : undefined,
    cors: options.cors,
    lifecycleRules: options.lifecycleRules,
  });
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  acknowledgeFindings(cfnBucket, { checkov: ['CKV_AWS_21'], reason: options.unversionedReason });
  if (options.serverAccessLogsBucket === undefined) {
    acknowledgeFindings(cfnBucket, { cdkNag: ['AwsSolutions-S1'], checkov: ['CKV_AWS_18'], reason: `${logsOffReason('Server access logs', 'serverAccessLogsBucket')} CloudTrail S3 data events are the alternative.` });
  }
  if (options.eventBridgeEnabled) {
    // The L2's `eventBridgeEnabled` goes through CDK's bucket-notifications
    // custom resource (a Lambda whose runtime is fixed by the aws-cdk-lib
    // version). The CloudFormation property does the same natively.
    cfnBucket.notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }
  return bucket;
}

/**
 * Lets `grantee` read objects matching `keyPattern`, and nothing else:
 * `s3:GetObject` only (no listing, ACL or bucket reads), plus `kms:Decrypt`
 * on the bucket's key when it has one.
 */
export function grantGetObjects(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string): iam.Grant {
  return grantObjectAction(bucket, grantee, keyPattern, 's3:GetObject', 'kms:Decrypt');
}

/**
 * Lets `grantee` write objects matching `keyPattern`, and nothing else:
 * `s3:PutObject` only (no ACL, tagging, retention or `Abort*` wildcards), plus
 * `kms:GenerateDataKey` on the bucket's key when it has one.
 */
export function grantPutObjects(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string): iam.Grant {
  return grantObjectAction(bucket, grantee, keyPattern, 's3:PutObject', 'kms:GenerateDataKey');
}

/** One S3 object action on `keyPattern`, and the one KMS action it needs when the bucket has a key. */
function grantObjectAction(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern: string, s3Action: string, kmsAction: string): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: [s3Action],
    resourceArns: [bucket.arnForObjects(keyPattern)],
  });
  bucket.encryptionKey?.grant(grantee, kmsAction);
  return grant;
}
