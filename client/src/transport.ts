import { abortError, UploadError } from './errors.js';
import { isRetryableStatus, RetryableError, retryAfterMs, type RetryPolicy, withRetries } from './retry.js';
import { s3Error } from './s3-xml.js';

/** One request to S3 on a presigned URL. */
export interface S3Request {
  readonly method: string;
  readonly url: string;
  /** Headers to send as they are (the signed ones). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Blob | string;
  readonly signal?: AbortSignal;
  /** Bytes of the body sent so far, where the transport can tell (XMLHttpRequest). */
  readonly onUploadProgress?: (sent: number) => void;
}

/** S3's answer: its status, the headers a page may read, and its body. */
export interface S3Response {
  readonly status: number;
  readonly text: string;
  header(name: string): string | null;
}

/** Sends a request to S3; rejects only when no answer came (network error, abort). */
export type S3Transport = (request: S3Request) => Promise<S3Response>;

/** A transport over `fetch` (Node.js, workers, or a fetch of your own). */
export function fetchTransport(send: typeof fetch = globalThis.fetch.bind(globalThis)): S3Transport {
  return async (request) => {
    const response = await send(request.url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal });
    const text = await response.text();
    if (request.body instanceof Blob) request.onUploadProgress?.(request.body.size);
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
}

/** A transport over XMLHttpRequest, which reports upload progress (browsers). */
export function xhrTransport(): S3Transport {
  return (request) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => request.onUploadProgress?.(event.loaded);
    xhr.onload = () => resolve({ status: xhr.status, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText });
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(request.signal === undefined ? new TypeError('aborted') : abortError(request.signal));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body ?? null);
  });
}

/** XMLHttpRequest where there is one (for progress), else fetch. */
export function defaultTransport(): S3Transport {
  return typeof XMLHttpRequest === 'function' ? xhrTransport() : fetchTransport();
}

/**
 * Sends `request` until S3 accepts it: tried again on network errors, 5xx
 * and 503 SlowDown (honouring `Retry-After`); any other refusal rejects with
 * S3's code (for example `BadDigest`, `AccessDenied`), for the caller to
 * decide, since some want the request signed afresh.
 */
export function sendToS3(transport: S3Transport, request: S3Request, retry: RetryPolicy): Promise<S3Response> {
  return withRetries(retry, request.signal, async () => {
    let response: S3Response;
    try {
      response = await transport(request);
    } catch (error) {
      if (request.signal?.aborted) throw abortError(request.signal);
      throw new RetryableError('NETWORK_ERROR', `S3 could not be reached: ${String(error)}`, 0, undefined, { cause: error });
    }
    // A completion can fail with 200 and an <Error> body.
    const error = s3Error(response.text);
    if (response.status >= 200 && response.status < 300 && error === undefined) return response;
    const code = error?.code ?? `HTTP_${response.status}`;
    const message = `S3 refused ${request.method}: ${error?.message || response.status}`;
    if (isRetryableStatus(response.status) || (response.status < 300 && error !== undefined && code === 'InternalError')) {
      throw new RetryableError(code, message, response.status, retryAfterMs(response.header('retry-after')));
    }
    throw new UploadError(code, message, response.status);
  });
}
