/** An unfinished multipart upload, as remembered to resume it. */
export interface SavedUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
}

/** Where unfinished multipart uploads are remembered between page loads, by a fingerprint of their file. */
export interface ResumeStore {
  get(fingerprint: string): SavedUpload | undefined;
  set(fingerprint: string, upload: SavedUpload): void;
  delete(fingerprint: string): void;
}

/** A fingerprint of a file that the page can give again after a reload: its name, size, type and modification time. */
export function fingerprintOf(file: Blob, filename: string): string {
  const modified = typeof (file as File).lastModified === 'number' ? (file as File).lastModified : 0;
  return JSON.stringify([filename, file.size, file.type, modified]);
}

function isSavedUpload(value: unknown): value is SavedUpload {
  const saved = value as SavedUpload;
  return typeof value === 'object' && value !== null && typeof saved.key === 'string' && typeof saved.uploadId === 'string'
    && [saved.size, saved.partSize, saved.partCount].every((n) => Number.isSafeInteger(n) && n > 0);
}

/** A store in `storage` (the page's `localStorage` by default), under keys that start with `prefix`. */
export function webStorageResumeStore(storage: Storage = globalThis.localStorage, prefix = 'cdk-presigned-upload:'): ResumeStore {
  return {
    get(fingerprint) {
      try {
        const saved: unknown = JSON.parse(storage.getItem(prefix + fingerprint) ?? 'null');
        return isSavedUpload(saved) ? saved : undefined;
      } catch {
        return undefined;
      }
    },
    set(fingerprint, upload) {
      storage.setItem(prefix + fingerprint, JSON.stringify(upload));
    },
    delete(fingerprint) {
      storage.removeItem(prefix + fingerprint);
    },
  };
}

/** A store in memory: resumes within one page or process, not after a reload. */
export function memoryResumeStore(): ResumeStore {
  const saved = new Map<string, SavedUpload>();
  return {
    get: (fingerprint) => saved.get(fingerprint),
    set: (fingerprint, upload) => void saved.set(fingerprint, upload),
    delete: (fingerprint) => void saved.delete(fingerprint),
  };
}
