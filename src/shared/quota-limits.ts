// Shared: the construct validates the quota windows and the presign handler checks its configuration against the same bounds.

/** Longest quota window: 31 days, so that a month's quota fits and every counter expires within weeks. */
export const MAX_QUOTA_WINDOW_SECONDS = 31 * 86_400;

/** The quota table's partition key (a string) and the attributes the presign function writes. */
export const QUOTA_TABLE = {
  partitionKey: 'pk',
  /** How much of the limit the window has used. */
  used: 'used',
  /** When the item may go (Unix seconds): the table's TTL attribute. */
  expiresAt: 'expiresAt',
} as const;
