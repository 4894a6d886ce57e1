import type { Duration, Size } from 'aws-cdk-lib';
import { QUOTA_DEFAULTS } from './private/defaults';

/** Options of {@link UploadQuotas.enabled}. */
export interface UploadQuotasOptions {
  /**
   * Bytes all callers together may declare in new uploads per UTC day: the
   * endpoint's hard cap, so that a stolen token or a client bug costs at most
   * this much a day. An upload counts in full when it is signed, whether or
   * not it is then sent. At least `maxUploadSize`. There is no default: only
   * you know what a day of your uploads is worth.
   */
  readonly bytesPerDay: Size;

  /**
   * Presign calls one caller may make per `requestWindow`: every call, each
   * step of a multipart upload included (a batch of part URLs is one call).
   *
   * @default 600
   */
  readonly requestsPerCaller?: number;

  /**
   * The window of `requestsPerCaller`, whole seconds from 1 second to 31 days.
   *
   * @default Duration.minutes(1)
   */
  readonly requestWindow?: Duration;

  /**
   * New uploads (single PUTs and multipart starts) one caller may start per
   * `usageWindow`.
   *
   * @default 1000
   */
  readonly uploadsPerCaller?: number;

  /**
   * Bytes one caller may declare in new uploads per `usageWindow`. At least
   * `maxUploadSize`.
   *
   * @default - 100 uploads of `maxUploadSize`
   */
  readonly bytesPerCaller?: Size;

  /**
   * The window of `uploadsPerCaller` and `bytesPerCaller`, whole seconds from
   * 1 second to 31 days.
   *
   * @default Duration.days(1)
   */
  readonly usageWindow?: Duration;

  /**
   * What the endpoint does when the quota table can't answer within about a
   * second (DynamoDB unreachable, slow or throttling): refuse with `503
   * QUOTA_UNAVAILABLE` (false), or sign anyway, uncounted (true). Either way
   * the cause is logged and counted (`Refusals` with the code
   * `QUOTA_UNAVAILABLE` or `QUOTA_UNAVAILABLE_FAILED_OPEN`).
   *
   * @default false
   */
  readonly failOpen?: boolean;
}

/**
 * Limits on what each caller, and all callers together, may upload through
 * the presign endpoint, counted in a DynamoDB table the construct owns. The
 * caller is the one keys are made for; with `PresignAuth.none()`, the
 * client's source IP address. Pick one of the static factories.
 */
export class UploadQuotas {
  /** `requestsPerCaller` when none is given. */
  public static readonly DEFAULT_REQUESTS_PER_CALLER: number = QUOTA_DEFAULTS.requestsPerCaller;
  /** `uploadsPerCaller` when none is given. */
  public static readonly DEFAULT_UPLOADS_PER_CALLER: number = QUOTA_DEFAULTS.uploadsPerCaller;
  /** `bytesPerCaller` when none is given, in uploads of `maxUploadSize`. */
  public static readonly DEFAULT_MAX_SIZE_UPLOADS_PER_CALLER: number = QUOTA_DEFAULTS.maxSizeUploadsPerCaller;
  /** `requestWindow` when none is given. */
  public static readonly DEFAULT_REQUEST_WINDOW: Duration = QUOTA_DEFAULTS.requestWindow;
  /** `usageWindow` when none is given. */
  public static readonly DEFAULT_USAGE_WINDOW: Duration = QUOTA_DEFAULTS.usageWindow;

  /**
   * Quotas on: each presign call is counted before anything is signed, and
   * refused with 429 (`RATE_LIMITED`, `UPLOAD_QUOTA_EXCEEDED`,
   * `BYTE_QUOTA_EXCEEDED` or `DAILY_BUDGET_EXCEEDED`) and `Retry-After` past
   * a limit.
   *
   * @param options the endpoint's daily budget, and the limits per caller.
   */
  public static enabled(options: UploadQuotasOptions): UploadQuotas {
    return new UploadQuotas(true, options);
  }

  /** No quotas, the default: no table, and nothing counted. */
  public static disabled(): UploadQuotas {
    return new UploadQuotas(false);
  }

  private constructor(
    /** Whether calls are counted. */
    public readonly isEnabled: boolean,
    /** The limits, when enabled. */
    public readonly options?: UploadQuotasOptions,
  ) {}
}
