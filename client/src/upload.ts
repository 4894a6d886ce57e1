import { Crc64Nvme, crc64nvme } from './crc64nvme.js';
import { abortError, UploadError } from './errors.js';
import { Presigner, type PresignFetch } from './presign.js';
import { fingerprintOf, type ResumeStore, type SavedUpload } from './resume-store.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { completionBody, elementText, listedParts } from './s3-xml.js';
import { defaultTransport, sendToS3, type S3Transport } from './transport.js';
import type { PresignAnswer, PresignedPartUrl } from '../../src/shared/presign-contract.js';

/** The construct's default multipart threshold (`MultipartUpload.DEFAULT_THRESHOLD`): 100 MiB. */
export const DEFAULT_MULTIPART_THRESHOLD = 100 * 1024 * 1024;
/** Parts in flight at once by default. */
export const DEFAULT_CONCURRENCY = 4;
/** A URL is used only while it has at least this long left, in milliseconds. */
const FRESHNESS_MARGIN_MS = 60_000;
/** Part URLs asked for in one presign call: about 1 GiB of parts, at most 100 (the endpoint signs up to 500). */
const BATCH_BYTES = 1024 * 1024 * 1024;
const MAX_BATCH_PARTS = 100;
/** Times a part, or a single PUT, is signed afresh and sent again after S3 refused its bytes or its signature. */
const MAX_RESIGNS = 2;

/** How far an upload has come. */
export interface UploadProgress {
  /** Bytes S3 has taken (or, with XMLHttpRequest, that are on their way). */
  readonly loaded: number;
  readonly total: number;
}

/** Options of {@link upload}. */
export interface UploadOptions {
  /** The construct's `presignEndpointUrl`. */
  readonly endpoint: string;
  /** Sends each presign call; add authentication here (a bearer token, a SigV4 signature). Default: `fetch`. */
  readonly presignFetch?: PresignFetch;
  /** Sends each request to S3. Default: XMLHttpRequest in browsers (for progress), else `fetch`. */
  readonly transport?: S3Transport;
  /** The name the upload's key ends with. Default: the file's name, else `upload`. */
  readonly filename?: string;
  /** Default: the file's type, else `application/octet-stream`. */
  readonly contentType?: string;
  /** Files larger than this go in parts, if the endpoint has multipart on; set it to the construct's threshold if you changed that. */
  readonly multipartThreshold?: number;
  /** Parts in flight at once. */
  readonly concurrency?: number;
  /** Aborts the upload; a multipart upload is aborted on S3 too. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: UploadProgress) => void;
  /** Tries again on network errors, 429, 503 and other 5xx. */
  readonly retry?: Partial<RetryPolicy>;
  /** Remembers unfinished multipart uploads, to resume one when the same file is given again (see `webStorageResumeStore`). */
  readonly resumeStore?: ResumeStore;
}

/** What was uploaded. */
export interface UploadResult {
  /** The object's key, which the endpoint chose. */
  readonly key: string;
  readonly size: number;
  /** The file's CRC64NVME, base64, which S3 checked and stored. */
  readonly checksum: string;
  /** Parts it went in; 1 for a single PUT. */
  readonly partCount: number;
  /** Parts S3 already held from an earlier, interrupted try. */
  readonly resumedParts: number;
}

/** What every step shares. */
interface Context {
  readonly file: Blob;
  readonly filename: string;
  readonly contentType: string;
  readonly presigner: Presigner;
  readonly transport: S3Transport;
  readonly retry: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly concurrency: number;
  readonly progress: (loaded: number) => void;
}

/**
 * Uploads `file` (a File or any Blob) through a PresignedUploadBucket's
 * presign endpoint: one PUT up to `multipartThreshold`, else a multipart
 * upload whose parts go `concurrency` at a time. Every write carries the
 * CRC64NVME of its bytes, which S3 checks, and the endpoint signs only
 * what it allows. Requests that fail for the network or the server's load
 * are tried again; with a `resumeStore`, an interrupted multipart upload of
 * the same file continues where it stopped.
 */
export async function upload(file: Blob, options: UploadOptions): Promise<UploadResult> {
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new UploadError('INVALID_OPTION', `concurrency is ${concurrency}: use a whole number of at least 1.`);
  }
  const filename = options.filename ?? ((file as File).name || 'upload');
  const context: Context = {
    file,
    filename,
    contentType: options.contentType ?? (file.type || 'application/octet-stream'),
    presigner: new Presigner(options.endpoint, options.presignFetch ?? ((url, init) => fetch(url, init)), retry, options.signal),
    transport: options.transport ?? defaultTransport(),
    retry,
    signal: options.signal,
    concurrency,
    progress: (loaded) => options.onProgress?.({ loaded: Math.min(loaded, file.size), total: file.size }),
  };
  if (options.signal?.aborted) throw abortError(options.signal);

  const fingerprint = fingerprintOf(file, filename);
  const saved = options.resumeStore?.get(fingerprint);
  if (saved !== undefined && saved.size === file.size) {
    try {
      return await uploadInParts(context, saved, options.resumeStore, fingerprint, true);
    } catch (error) {
      // The remembered upload is gone (completed, aborted, or expired by the lifecycle rule): start again.
      if (!(error instanceof UploadError && error.code === 'NoSuchUpload')) throw error;
      options.resumeStore?.delete(fingerprint);
    }
  }
  if (file.size > (options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD)) {
    const started = await startMultipartUpload(context);
    if (started !== undefined) {
      options.resumeStore?.set(fingerprint, started);
      return uploadInParts(context, started, options.resumeStore, fingerprint, false);
    }
  }
  return putObject(context);
}

/** One PUT of the whole file, with its CRC64NVME; sent again on the same URL while it is fresh, else signed afresh. */
async function putObject(context: Context): Promise<UploadResult> {
  const { file } = context;
  const checksum = await checksumOf(file);
  for (let resigns = 0; ; resigns++) {
    const answer = await context.presigner.presign({
      method: 'PUT',
      filename: context.filename,
      contentType: context.contentType,
      size: file.size,
      checksum,
    });
    try {
      await sendToS3(context.transport, {
        method: 'PUT', url: answer.url, headers: answer.headers, body: file, signal: context.signal, onUploadProgress: context.progress,
      }, context.retry);
      context.progress(file.size);
      return { key: answer.key, size: file.size, checksum, partCount: 1, resumedParts: 0 };
    } catch (error) {
      if (!isResignable(error) || resigns >= MAX_RESIGNS) throw error;
    }
  }
}

/**
 * Starts a multipart upload: signed by the endpoint, created on S3. Undefined
 * when the endpoint uploads this file with one PUT (multipart off, or the
 * construct's threshold is higher than this client's).
 */
async function startMultipartUpload(context: Context): Promise<SavedUpload | undefined> {
  let answer: PresignAnswer;
  try {
    answer = await context.presigner.presign({ method: 'POST', filename: context.filename, contentType: context.contentType, size: context.file.size });
  } catch (error) {
    if (error instanceof UploadError && ['MULTIPART_DISABLED', 'MULTIPART_BELOW_THRESHOLD'].includes(error.code) && context.file.size <= 5 * 1024 ** 3) {
      return undefined;
    }
    throw error;
  }
  const { partSize, partCount } = answer;
  if (partSize === undefined || partCount === undefined) {
    throw new UploadError('BAD_ANSWER', 'The presign endpoint started a multipart upload without a part layout.', 200);
  }
  const created = await sendToS3(context.transport, { method: 'POST', url: answer.url, headers: answer.headers, signal: context.signal }, context.retry);
  const uploadId = elementText(created.text, 'UploadId');
  if (uploadId === undefined) throw new UploadError('BAD_ANSWER', 'S3 created a multipart upload without an UploadId.', created.status);
  return { key: answer.key, uploadId, size: context.file.size, partSize, partCount };
}

/** Whether S3's refusal asks for the request to be signed afresh and sent again: changed bytes, or an expired or refused signature. */
function isResignable(error: unknown): boolean {
  return error instanceof UploadError && (error.code === 'BadDigest' || error.code === 'AccessDenied' || error.status === 403);
}

/**
 * The CRC64NVMEs of a file's parts, hashed once each, in order, and the whole
 * file's from the same bytes. Hashing starts at the first call and runs on
 * ahead to the last part, so part URLs can be asked for as soon as their
 * parts are hashed, while the rest are hashed during the upload. It stops
 * when `signal` aborts: the caller aborted, or a part failed.
 */
class PartHasher {
  public readonly checksums: string[] = [];
  private readonly whole = new Crc64Nvme();
  private running = false;
  private failure: unknown;
  private waiters: Array<{ readonly count: number; readonly resolve: () => void; readonly reject: (error: unknown) => void }> = [];

  constructor(private readonly file: Blob, private readonly layout: SavedUpload, private readonly signal: AbortSignal | undefined) {}

  /** Resolves once parts 1 to `count` are hashed. */
  public upTo(count: number): Promise<void> {
    if (this.checksums.length >= Math.min(count, this.layout.partCount)) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const waiting = new Promise<void>((resolve, reject) => this.waiters.push({ count, resolve, reject }));
    if (!this.running) {
      this.running = true;
      void this.run();
    }
    return waiting;
  }

  /** The whole file's CRC64NVME. */
  public async wholeChecksum(): Promise<string> {
    await this.upTo(this.layout.partCount);
    return this.whole.digest();
  }

  private async run(): Promise<void> {
    try {
      while (this.checksums.length < this.layout.partCount) {
        if (this.signal?.aborted) throw abortError(this.signal);
        this.checksums.push(await checksumOf(partOf(this.file, this.layout, this.checksums.length + 1), this.whole));
        const hashed = this.checksums.length;
        this.waiters = this.waiters.filter((waiter) => (Math.min(waiter.count, this.layout.partCount) <= hashed ? (waiter.resolve(), false) : true));
      }
    } catch (error) {
      this.failure = error;
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters = [];
    }
  }
}

/**
 * The CRC64NVME of `blob` (added to `alsoInto` too), or FILE_UNREADABLE when
 * the browser can no longer read it: the file was moved, deleted or changed
 * on disk after it was picked, or it is an in-memory Blob too large for the
 * browser to read back (Chromium 156: 512 MiB or more).
 */
async function checksumOf(blob: Blob, ...alsoInto: Crc64Nvme[]): Promise<string> {
  try {
    return await crc64nvme(blob, ...alsoInto);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new UploadError('FILE_UNREADABLE', `The file could not be read (${reason}). Pick it again, or upload a file from disk.`, 0, { cause: error });
  }
}

function partOf(file: Blob, layout: SavedUpload, partNumber: number): Blob {
  return file.slice((partNumber - 1) * layout.partSize, Math.min(file.size, partNumber * layout.partSize));
}

/** Part URLs, asked for in batches as the parts are hashed, and used while fresh. */
class PartUrls {
  private readonly urls = new Map<number, { readonly part: PresignedPartUrl; readonly freshUntil: number }>();
  private readonly pending = new Map<number, Promise<void>>();
  private readonly batch: number;

  constructor(private readonly context: Context, private readonly saved: SavedUpload, private readonly hasher: PartHasher) {
    this.batch = Math.max(context.concurrency, Math.min(MAX_BATCH_PARTS, Math.floor(BATCH_BYTES / saved.partSize)));
  }

  public async get(partNumber: number): Promise<PresignedPartUrl> {
    for (;;) {
      const cached = this.urls.get(partNumber);
      if (cached !== undefined && cached.freshUntil - performance.now() > FRESHNESS_MARGIN_MS) return cached.part;
      await (this.pending.get(partNumber) ?? this.fetchBatch(partNumber));
      if (this.urls.get(partNumber) === undefined) {
        throw new UploadError('BAD_ANSWER', `The presign endpoint signed no URL for part ${partNumber}.`, 200);
      }
    }
  }

  public forget(partNumber: number): void {
    this.urls.delete(partNumber);
  }

  /**
   * Asks for the URLs of part `first` and of the parts after it that are
   * hashed by then, up to a batch: the first parts go as soon as each is
   * hashed, and later batches are full, hashed during the upload.
   */
  private fetchBatch(first: number): Promise<void> {
    let last = first;
    const done: Promise<void> = this.hasher.upTo(first).then(async () => {
      // Up to a part another batch already asks for: each part is signed once.
      const end = Math.min(this.saved.partCount, first + this.batch - 1, Math.max(first, this.hasher.checksums.length));
      while (last < end && !this.pending.has(last + 1)) this.pending.set(++last, done);
      const { key, uploadId, size } = this.saved;
      const answer = await this.context.presigner.presign({
        method: 'PUT', key, uploadId, size, partNumber: first, partChecksums: this.hasher.checksums.slice(first - 1, last),
      });
      const freshUntil = performance.now() + answer.expiresIn * 1000;
      for (const part of answer.parts ?? []) this.urls.set(part.partNumber, { part, freshUntil });
    });
    this.pending.set(first, done);
    return done.finally(() => {
      for (let n = first; n <= last; n++) if (this.pending.get(n) === done) this.pending.delete(n);
    });
  }
}

/** The parts S3 already holds with this file's bytes (same size and checksum), by part number, with their ETags. */
async function partsHeld(context: Context, saved: SavedUpload, hasher: PartHasher): Promise<Map<number, string>> {
  const { key, uploadId, size } = saved;
  const answer = await context.presigner.presign({ method: 'GET', key, uploadId, size });
  const listed = await sendToS3(context.transport, { method: 'GET', url: answer.url, headers: answer.headers, signal: context.signal }, context.retry);
  const held = new Map<number, string>();
  const { parts } = listedParts(listed.text);
  await hasher.upTo(Math.max(0, ...parts.map((p) => p.partNumber)));
  for (const part of parts) {
    const expected = partOf(context.file, saved, part.partNumber).size;
    if (part.size === expected && part.checksum !== undefined && part.checksum === hasher.checksums[part.partNumber - 1]) {
      held.set(part.partNumber, part.etag);
    }
  }
  return held;
}

/** Uploads the parts S3 does not hold yet, `concurrency` at a time, then completes the upload. */
async function uploadInParts(context: Context, saved: SavedUpload, store: ResumeStore | undefined, fingerprint: string,
  resuming: boolean): Promise<UploadResult> {
  // A failed part stops the others and the hashing: parts in flight finish or fail, and no new part starts.
  const stop = new AbortController();
  const onAbort = () => stop.abort(context.signal?.reason);
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await sendParts(context, saved, store, fingerprint, resuming, stop);
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
  }
}

/** uploadInParts' work, with `stop`, which the caller's signal aborts too, and which a failed part aborts. */
async function sendParts(context: Context, saved: SavedUpload, store: ResumeStore | undefined, fingerprint: string,
  resuming: boolean, stop: AbortController): Promise<UploadResult> {
  const signal = stop.signal;
  const hasher = new PartHasher(context.file, saved, signal);
  const etags = resuming ? await partsHeld(context, saved, hasher) : new Map<number, string>();
  const resumedParts = etags.size;
  const urls = new PartUrls(context, saved, hasher);
  const inFlight = new Map<number, number>();
  let loaded = [...etags.keys()].reduce((sum, n) => sum + partOf(context.file, saved, n).size, 0);
  const report = () => context.progress(loaded + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();

  let next = 1;
  const takePart = (): number | undefined => {
    while (next <= saved.partCount && etags.has(next)) next++;
    return !signal.aborted && next <= saved.partCount ? next++ : undefined;
  };
  const sendPart = async (partNumber: number): Promise<void> => {
    const body = partOf(context.file, saved, partNumber);
    for (let resigns = 0; ; resigns++) {
      const part = await urls.get(partNumber);
      try {
        const response = await sendToS3(context.transport, {
          method: 'PUT',
          url: part.url,
          headers: part.headers,
          body,
          signal,
          onUploadProgress: (sent) => {
            inFlight.set(partNumber, sent);
            report();
          },
        }, context.retry);
        const etag = response.header('etag');
        if (etag === null) {
          throw new UploadError('BAD_ANSWER', 'S3 took a part, but the page can\'t read its ETag: the bucket\'s CORS rule must expose ETag.', response.status);
        }
        etags.set(partNumber, etag);
        inFlight.delete(partNumber);
        loaded += body.size;
        report();
        return;
      } catch (error) {
        inFlight.delete(partNumber);
        if (!isResignable(error) || resigns >= MAX_RESIGNS) throw error;
        urls.forget(partNumber);
      }
    }
  };
  let failure: unknown;
  const worker = async () => {
    for (let n = takePart(); n !== undefined; n = takePart()) {
      try {
        await sendPart(n);
      } catch (error) {
        failure ??= error;
        stop.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(context.concurrency, saved.partCount) }, worker));
  if (context.signal?.aborted) {
    await abortOnS3(context, saved);
    store?.delete(fingerprint);
    throw abortError(context.signal);
  }
  if (failure !== undefined) throw failure;

  const checksum = await hasher.wholeChecksum();
  const { key, uploadId, size } = saved;
  const answer = await context.presigner.presign({ method: 'POST', key, uploadId, size, checksum });
  const parts = [...etags].map(([partNumber, etag]) => ({ partNumber, etag }));
  await sendToS3(context.transport, {
    method: 'POST', url: answer.url, headers: answer.headers, body: completionBody(parts), signal: context.signal,
  }, context.retry);
  store?.delete(fingerprint);
  return { key, size, checksum, partCount: saved.partCount, resumedParts };
}

/** Aborts the multipart upload on S3, so its parts stop costing; a failure here is left to the bucket's lifecycle rule. */
async function abortOnS3(context: Context, saved: SavedUpload): Promise<void> {
  const { key, uploadId, size } = saved;
  try {
    const quiet = new Presigner(context.presigner.endpointUrl, context.presigner.fetcher, { ...context.retry, retries: 1 }, undefined);
    const answer = await quiet.presign({ method: 'DELETE', key, uploadId, size });
    await sendToS3(context.transport, { method: 'DELETE', url: answer.url, headers: answer.headers }, { ...context.retry, retries: 1 });
  } catch {
    // The lifecycle rule aborts unfinished uploads after a day.
  }
}
