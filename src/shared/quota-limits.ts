// Shared: the construct validates the quota windows and the presign handler checks its configuration against the same bounds.

/**
 * The quotas with every default applied: what the construct writes into the
 * function's `UPLOAD_QUOTA_LIMITS` (JSON) and the function reads back.
 */
export interface QuotaLimitSettings {
  /** Presign calls one caller may make per request window, every step counted. */
  readonly requestsPerCaller: number;
  readonly requestWindowSeconds: number;
  /** New uploads (single or multipart) one caller may start per usage window. */
  readonly uploadsPerCaller: number;
  /** Bytes one caller may declare in new uploads per usage window. */
  readonly bytesPerCaller: number;
  readonly usageWindowSeconds: number;
  /** Bytes all callers together may declare in new uploads per UTC day. */
  readonly bytesPerDay: number;
  /** Sign anyway when the counters can't be read in time (logged and counted); refuse otherwise. */
  readonly failOpen: boolean;
}

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
