import { BasePlugin, Uppy, type Body, type Meta, type PluginOpts, type UppyFile, type UppyOptions } from '@uppy/core';
import { UploadError } from './errors.js';
import { upload, type UploadOptions, type UploadResult } from './upload.js';

/** Files uploaded at once by default; each sends its parts `concurrency` at a time. */
export const DEFAULT_FILE_LIMIT = 2;

/** What Uppy keeps as a file's response body once it is stored. */
export interface UploadedBody extends Body {
  /** The object's key, which the endpoint chose. */
  readonly key: string;
  /** The file's CRC64NVME, base64, which S3 checked and stored. */
  readonly checksum: string;
  readonly partCount: number;
  readonly resumedParts: number;
}

/**
 * Options of the {@link PresignedUpload} plugin: those of `upload()` that
 * hold for every file (a file's name, type, signal and progress are Uppy's),
 * and how many files go at once.
 */
export interface PresignedUploadOptions extends PluginOpts, Omit<UploadOptions, 'filename' | 'contentType' | 'signal' | 'onProgress'> {
  /** Files uploaded at once. Default: {@link DEFAULT_FILE_LIMIT}. */
  readonly limit?: number;
}

/**
 * An Uppy 6 uploader that sends each file with this package's `upload()`:
 * parts in parallel, CRC64NVME checked by S3, refused writes signed afresh,
 * retries and (with a `resumeStore`) resume. A file removed, or Uppy's
 * cancel-all, aborts its upload, on S3 too. A failed file's error reads
 * `CODE: message`, with the endpoint's or S3's code.
 */
export class PresignedUpload<M extends Meta, B extends UploadedBody> extends BasePlugin<PresignedUploadOptions, M, B> {
  private readonly controllers = new Map<string, AbortController>();

  constructor(uppy: Uppy<M, B>, opts: PresignedUploadOptions) {
    super(uppy, opts);
    this.id = opts.id ?? 'PresignedUpload';
    this.type = 'uploader';
    const limit = opts.limit ?? DEFAULT_FILE_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new UploadError('INVALID_OPTION', `limit is ${limit}: use a whole number of files of at least 1.`);
    }
  }

  public override install(): void {
    this.uppy.addUploader(this.uploadFiles);
    this.uppy.on('file-removed', this.onFileRemoved);
    this.uppy.on('cancel-all', this.onCancelAll);
  }

  public override uninstall(): void {
    this.uppy.removeUploader(this.uploadFiles);
    this.uppy.off('file-removed', this.onFileRemoved);
    this.uppy.off('cancel-all', this.onCancelAll);
    this.onCancelAll();
  }

  private readonly onFileRemoved = (file: UppyFile<M, B>): void => {
    this.controllers.get(file.id)?.abort();
  };

  private readonly onCancelAll = (): void => {
    for (const controller of this.controllers.values()) controller.abort();
  };

  private readonly uploadFiles = async (fileIds: string[]): Promise<void> => {
    const queue = [...fileIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await this.uploadFile(id);
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.limit ?? DEFAULT_FILE_LIMIT, queue.length) }, worker));
  };

  private async uploadFile(id: string): Promise<void> {
    const file = this.uppy.getFile(id);
    // Removed while it waited, or a remote file, whose bytes the page doesn't have.
    if (file === undefined || !(file.data instanceof Blob)) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const uploadStarted = Date.now();
    this.uppy.emit('upload-start', [file]);
    try {
      const { limit: _limit, id: _id, locale: _locale, ...options } = this.opts;
      const result: UploadResult = await upload(file.data, {
        ...options,
        filename: file.name ?? undefined,
        contentType: file.type || undefined,
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          this.uppy.emit('upload-progress', this.uppy.getFile(id), { uploadStarted, bytesUploaded: loaded, bytesTotal: total });
        },
      });
      const { key, checksum, partCount, resumedParts } = result;
      this.uppy.emit('upload-success', this.uppy.getFile(id), { status: 200, body: { key, checksum, partCount, resumedParts } as B });
    } catch (error) {
      // An upload aborted because its file was removed or all were cancelled is no failure.
      if (controller.signal.aborted || this.uppy.getFile(id) === undefined) return;
      const code = error instanceof UploadError ? error.code : 'UPLOAD_FAILED';
      const status = error instanceof UploadError ? error.status : 0;
      const message = error instanceof Error ? error.message : String(error);
      this.uppy.emit('upload-error', this.uppy.getFile(id), new UploadError(code, `${code}: ${message}`, status, { cause: error }));
    } finally {
      this.controllers.delete(id);
    }
  }
}

/** Options of {@link createUploader}: the plugin's, and Uppy's own (restrictions, meta, autoProceed). */
export interface UploaderOptions extends Omit<PresignedUploadOptions, 'endpoint'> {
  readonly uppy?: UppyOptions<Meta, UploadedBody>;
}

/**
 * An Uppy 6 instance that uploads through a PresignedUploadBucket's
 * presign endpoint (the construct's `presignEndpointUrl`) with the
 * {@link PresignedUpload} plugin. Add Uppy's UI plugins to it as usual.
 */
export function createUploader(endpoint: string, options: UploaderOptions = {}): Uppy<Meta, UploadedBody> {
  const { uppy: uppyOptions, ...pluginOptions } = options;
  return new Uppy<Meta, UploadedBody>(uppyOptions).use(PresignedUpload, { ...pluginOptions, endpoint });
}
