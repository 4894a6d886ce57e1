import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';
import { Crc64Nvme, crc64nvme } from 'cdk-presigned-upload-client';

export interface UploaderOptions {
  /** Sends each presign request (a `fetch`): add a bearer token for JWT or Cognito user pools, sign with SigV4 for IAM. */
  presignFetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** The construct's `multipartUpload` threshold and part size, in bytes, if you changed them. */
  multipartThreshold?: number;
  partSize?: number;
}

/**
 * An Uppy 6 instance for a PresignedUploadBucket: one presigned PUT per file up to `multipartThreshold`, a resumable
 * multipart upload in parts of `partSize` above it (both the construct's: 100 MiB and 64 MiB by default), its part URLs
 * signed as far as the parts are hashed, up to 1 GiB at a time. Every write signs the CRC64NVME of its bytes, so S3 stores nothing else.
 */
export function createUploader(presignEndpointUrl: string, options: UploaderOptions = {}): Uppy {
  const { presignFetch = fetch, multipartThreshold = 100 * 2 ** 20, partSize = 64 * 2 ** 20 } = options;
  const uppy = new Uppy();
  const partUrls = new Map<string, Map<number, { url: string; headers: Record<string, string>; freshUntil: number }>>(); // uploadId -> its latest batch
  const hashes = new Map<string, { parts: string[]; whole: Crc64Nvme; done: Promise<unknown> }>(); // file id -> its parts' CRCs, in order
  const partLength = (size: number) => Math.max(partSize, Math.ceil(size / 10_000)); // the endpoint's rule, and Uppy's with getChunkSize
  const hashParts = (file: { id: string; size: number; data: Blob }, count: number) => { // hashes parts 1..count once each, in order
    const hash = hashes.get(file.id) ?? { parts: [], whole: new Crc64Nvme(), done: Promise.resolve() };
    hashes.set(file.id, hash);
    hash.done = hash.done.catch(() => {}).then(async () => {
      for (let n = hash.parts.length, length = partLength(file.size); n < count; n++) {
        hash.parts.push(await crc64nvme(file.data.slice(n * length, (n + 1) * length), hash.whole));
      }
    });
    return hash.done.then(() => hash);
  };
  // Two refusals of S3's are nobody's to fix, so the file is sent again by itself (3 times at most) before anyone sees them:
  // 400 BadDigest (bytes changed on the way: the write is signed afresh and sent again) and 409 ConditionalRequestConflict
  // (a write at the same time: S3 wants a new upload, so a multipart upload starts over, under a new key).
  const resends = new Map<string, number>(), refused = new Map<string, string>(); // file id -> times sent again; -> why it must be
  const emit = uppy.emit.bind(uppy) as (event: string, ...args: unknown[]) => void;
  (uppy as { emit: typeof emit }).emit = (event, ...args) => {
    const [file, error] = args as [{ id: string }, { serviceCode?: string } | undefined], code = error?.serviceCode ?? '';
    if (event !== 'upload-error' || !['BadDigest', 'ConditionalRequestConflict'].includes(code) || (resends.get(file.id) ?? 0) >= 3) return emit(event, ...args);
    refused.set(file.id, code); // not emitted, so Uppy shows the file as uploading still; the uploader below sends it again
  };
  const takeRefused = (ids: string[]) => ids.filter((id) => { // the files to send again, each counted
    const code = refused.get(id);
    refused.delete(id);
    if (code === 'ConditionalRequestConflict') uppy.setFileState(id, { s3Multipart: undefined }); // a new upload, as S3 asks
    if (code) resends.set(id, (resends.get(id) ?? 0) + 1);
    return code !== undefined && uppy.getFile(id) !== undefined; // unless it was removed meanwhile
  });
  const addUploader = uppy.addUploader.bind(uppy); // AwsS3 adds its uploader here: wrapped, it sends those files again
  uppy.addUploader = (upload) => addUploader(async (ids, uploadID) => {
    for (let again = ids; again.length > 0; again = takeRefused(again)) await upload(again, uploadID);
  });
  uppy.use(AwsS3, {
    shouldUseMultipart: (file) => (file.size ?? 0) > multipartThreshold,
    getChunkSize: () => partSize,
    generateObjectKey: (file) => file.id, // lets signRequest find the file; the server makes the real key
    async signRequest(request) {
      const { method, key, uploadId, partNumber } = request as { method: string; key: string; uploadId?: string; partNumber?: number };
      const found = uppy.getFile(key) ?? uppy.getFiles().find((f) => f.s3Multipart?.key === key); // by id, then by server key (also after a reload)
      if (!(found?.data instanceof Blob) || found.size === null) throw new Error(`no local file for ${key}`); // checksums need the bytes
      const file = { id: found.id, size: found.size, data: found.data }, partCount = Math.ceil(file.size / partLength(file.size));
      const batch = partUrls.get(uploadId ?? ''), cached = batch?.get(partNumber ?? 0); // a cached URL is served once, as Uppy asks
      if (partNumber) batch?.delete(partNumber); else partUrls.delete(uploadId ?? ''); // again only after a failure; list, complete, abort end a batch
      if (cached && cached.freshUntil > performance.now() + 60_000) return { url: cached.url, headers: cached.headers };
      const perCall = Math.min(100, Math.max(1, Math.floor(2 ** 30 / partLength(file.size)))); // part URLs per call: about 1 GiB of the file
      const hashed = partNumber ? (await hashParts(file, partNumber)).parts : []; // this part, and those hashed while the last batch uploaded
      const last = partNumber && Math.min(partCount, partNumber + perCall - 1, hashed.length);
      const body: Record<string, unknown> = uploadId === undefined
        ? { method, filename: found.name, contentType: found.type || 'application/octet-stream', size: file.size }
        : { method, key, uploadId, size: file.size };
      if (method === 'PUT' && !uploadId) body.checksum = await crc64nvme(file.data); // one PUT: the file's CRC64NVME
      if (last) Object.assign(body, { partNumber, partChecksums: hashed.slice(partNumber - 1, last) }); // each part's
      if (method === 'POST' && uploadId) body.checksum = (await hashParts(file, partCount)).whole.digest(); // completion: the file's
      const response = await presignFetch(presignEndpointUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const presign = await response.json();
      if (!response.ok) throw new Error(`${presign.code}: ${presign.message}`);
      if (presign.partSize && presign.partSize !== partLength(file.size)) throw new Error(`the endpoint's parts are ${presign.partSize} bytes: pass that partSize`);
      const freshUntil = performance.now() + presign.expiresIn * 1000; // the server's lifetime, on this page's monotonic clock
      if (last) {
        partUrls.set(uploadId ?? '', new Map(presign.parts.slice(1).map((p: any) => [p.partNumber, { url: p.url, headers: p.headers, freshUntil }])));
        void hashParts(file, Math.min(partCount, last + perCall)).catch(() => {}); // the next batch, while this one uploads
      }
      return { url: presign.url, headers: presign.headers, key: presign.key };
    },
  });
  return uppy;
}
