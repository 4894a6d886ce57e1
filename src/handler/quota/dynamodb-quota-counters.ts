import { DynamoDbError, type DynamoDbClient } from './dynamodb-client';
import type { QuotaCount, QuotaCounters } from './quota-counts';
import { QUOTA_TABLE } from '../../shared/quota-limits';
import type { SigningCredentials } from '../sigv4/object-request-signer';

/**
 * The counters in the construct's DynamoDB table: one item per counter and
 * window, changed by one `UpdateItem` each, never read. Adding is
 * conditional on the sum staying within the limit, which DynamoDB checks and
 * applies atomically, so concurrent calls can never together pass it.
 */
export class DynamoDbQuotaCounters implements QuotaCounters {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly table: string,
    private readonly credentials: () => SigningCredentials,
  ) {}

  public async add(count: QuotaCount, signal: AbortSignal): Promise<boolean> {
    // The condition below admits any amount into an empty window.
    if (count.amount > count.limit) return false;
    try {
      await this.update(count, count.amount, signal, count.limit - count.amount);
      return true;
    } catch (error) {
      if (error instanceof DynamoDbError && error.type === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  public async takeBack(count: QuotaCount, signal: AbortSignal): Promise<void> {
    await this.update(count, -count.amount, signal);
  }

  /** Adds `amount` to the item's `used`; with `room`, only if `used` is at most `room` before. */
  private async update(count: QuotaCount, amount: number, signal: AbortSignal, room?: number): Promise<void> {
    const input: Record<string, unknown> = {
      TableName: this.table,
      Key: { [QUOTA_TABLE.partitionKey]: { S: count.key } },
      UpdateExpression: 'ADD #used :amount SET #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#used': QUOTA_TABLE.used, '#expiresAt': QUOTA_TABLE.expiresAt },
      ExpressionAttributeValues: { ':amount': { N: String(amount) }, ':expiresAt': { N: String(count.resetsAt) } } as Record<string, unknown>,
    };
    if (room !== undefined) {
      input.ConditionExpression = 'attribute_not_exists(#used) OR #used <= :room';
      (input.ExpressionAttributeValues as Record<string, unknown>)[':room'] = { N: String(room) };
    }
    await this.client.send('UpdateItem', input, this.credentials(), signal);
  }
}
