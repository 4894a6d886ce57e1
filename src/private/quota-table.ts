import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './analyzer-acknowledgement';
import { QUOTA_TABLE } from '../shared/quota-limits';

/** Props of {@link QuotaTable}. */
export interface QuotaTableProps {
  /** The construct's KMS key, with `UploadEncryption.kms()`; else DynamoDB's AWS owned key. */
  readonly encryptionKey?: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The table of quota counters: one item per counter and window, keyed by a
 * string, changed only by the presign function's conditional `UpdateItem`s.
 * On-demand capacity, so it costs nothing while idle and needs no planning;
 * each item carries when its window ends, and DynamoDB's TTL deletes it
 * after that.
 */
export class QuotaTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: QuotaTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: { name: QUOTA_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: QUOTA_TABLE.expiresAt,
      ...(props.encryptionKey === undefined
        ? { encryption: dynamodb.TableEncryption.DEFAULT }
        : { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }),
      removalPolicy: props.removalPolicy,
    });
    const cfnTable = this.table.node.defaultChild as dynamodb.CfnTable;
    acknowledgeFindings(cfnTable, {
      cdkNag: ['AwsSolutions-DDB3'],
      checkov: ['CKV_AWS_28'],
      reason: 'The table holds only counters that expire with their window (a day by default); restoring one to an earlier '
        + 'point in time would only hand callers back quota they used, so point-in-time recovery would protect nothing.',
    });
    if (props.encryptionKey === undefined) {
      acknowledgeFindings(cfnTable, {
        checkov: ['CKV_AWS_119'],
        reason: 'With UploadEncryption.s3Managed() the construct creates no KMS key; DynamoDB encrypts the counters, which '
          + 'hold opaque caller hashes and numbers, with its AWS owned key, and UploadEncryption.kms() uses the construct\'s key instead.',
      });
    }
  }
}
