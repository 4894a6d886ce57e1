import { useCallback, useEffect, useRef, useState } from 'react';
import { UploadError } from './errors.js';
import { upload, type UploadOptions, type UploadResult } from './upload.js';

/** One file's upload, as a component shows it. */
export interface UploadState {
  /** Stable for the file's life in the list: a key for React. */
  readonly id: string;
  readonly name: string;
  readonly loaded: number;
  readonly total: number;
  readonly status: 'uploading' | 'done' | 'failed' | 'aborted';
  /** Once `done`: the key the endpoint chose, and the checksum S3 stored. */
  readonly result?: UploadResult;
  /** Once `failed`: the endpoint's or S3's refusal, with its `code`. */
  readonly error?: UploadError;
}

/** What {@link useUpload} gives a component. */
export interface UploadHook {
  /** Every file given to `start` since the component mounted, in order. */
  readonly uploads: readonly UploadState[];
  /** Uploads each file at once; their states join `uploads`. */
  readonly start: (files: Iterable<File>) => void;
  /** Aborts one upload by its id, or every unfinished one. */
  readonly abort: (id?: string) => void;
}

/** Options of {@link useUpload}: those of `upload()` that hold for every file. */
export type UseUploadOptions = Omit<UploadOptions, 'filename' | 'contentType' | 'signal' | 'onProgress'>;

let nextId = 0;

/**
 * A React hook over `upload()`: each file's progress, result or refusal as
 * state. Uploads use the options of the render that started them;
 * unmounting aborts every unfinished upload (on S3 too).
 */
export function useUpload(options: UseUploadOptions): UploadHook {
  const [uploads, setUploads] = useState<readonly UploadState[]>([]);
  const latest = useRef(options);
  latest.current = options;
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      running.clear();
    };
  }, []);

  const update = useCallback((id: string, change: Partial<UploadState>) => {
    setUploads((all) => all.map((state) => (state.id === id ? { ...state, ...change } : state)));
  }, []);

  const start = useCallback((files: Iterable<File>) => {
    for (const file of files) {
      const id = `upload-${++nextId}`;
      const controller = new AbortController();
      controllers.current.set(id, controller);
      setUploads((all) => [...all, { id, name: file.name, loaded: 0, total: file.size, status: 'uploading' }]);
      upload(file, { ...latest.current, signal: controller.signal, onProgress: ({ loaded }) => update(id, { loaded }) })
        .then((result) => update(id, { status: 'done', loaded: file.size, result }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return update(id, { status: 'aborted' });
          const refusal = error instanceof UploadError ? error : new UploadError('UPLOAD_FAILED', String(error), 0, { cause: error });
          return update(id, { status: 'failed', error: refusal });
        })
        .finally(() => controllers.current.delete(id));
    }
  }, [update]);

  const abort = useCallback((id?: string) => {
    for (const [running, controller] of controllers.current) if (id === undefined || id === running) controller.abort();
  }, []);

  return { uploads, start, abort };
}
