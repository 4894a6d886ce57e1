import type { QuotaUsage } from '../quota/quota-counts';
import type { ObjectRequestSigner } from '../sigv4/object-request-signer';

/** A presigned UploadPart: PUT exactly `size` bytes as part `partNumber`. */
export interface PresignedPartUrl {
  readonly partNumber: number;
  readonly url: string;
  /** Headers the browser sends with the part as they are: its signed checksum. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact length this part must have (signed as its Content-Length). */
  readonly size: number;
}

/**
 * The answer to a presign request, in the shape Uppy 6's `signRequest`
 * returns (`url`, `headers`, `key`): what `fetch(url, { method, headers })`
 * needs. Every header in `headers` is signed and must be sent as it is; where
 * a body's length is signed, the browser sets `Content-Length` itself and a
 * body of any other length fails the signature.
 */
export interface PresignAnswer {
  readonly method: 'PUT' | 'POST' | 'GET' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The key the server chose (new uploads), or the key the step is for. */
  readonly key: string;
  /** When the URLs stop working, by the server's clock (ISO 8601). */
  readonly expiresAt: string;
  /**
   * How many seconds the URLs work from when the server signed them. A client
   * judges freshness from this and its own monotonic clock, which needs no
   * agreement between its wall clock and the server's.
   */
  readonly expiresIn: number;
  /** The exact number of bytes of the file (new uploads, part and completion steps). */
  readonly size?: number;
  /** Length of every part but the last (the start of a multipart upload). */
  readonly partSize?: number;
  /** Number of parts the file has (the start of a multipart upload). */
  readonly partCount?: number;
  /** One URL per part, from `partNumber` on (uploadPart); `url` is the first one's. */
  readonly parts?: readonly PresignedPartUrl[];
}

/**
 * A request that passed every check, not yet signed: what it adds to the
 * quota counters besides the call itself, and how it is signed once its
 * quota is taken.
 */
export interface CheckedRequest {
  readonly usage: QuotaUsage;
  readonly sign: (signer: ObjectRequestSigner) => PresignAnswer;
}
