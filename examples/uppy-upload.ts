import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';

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
  const hashes = new Map<string, { parts: string[]; whole: Uint32Array; done: Promise<unknown> }>(); // file id -> its parts' CRCs, in order
  const partLength = (size: number) => Math.max(partSize, Math.ceil(size / 10_000)); // the endpoint's rule, and Uppy's with getChunkSize
  const hashParts = (file: { id: string; size: number; data: Blob }, count: number) => { // hashes parts 1..count once each, in order
    const hash = hashes.get(file.id) ?? { parts: [], whole: crcStart(), done: Promise.resolve() };
    hashes.set(file.id, hash);
    hash.done = hash.done.catch(() => {}).then(async () => {
      for (let n = hash.parts.length, length = partLength(file.size); n < count; n++) {
        hash.parts.push(crcEnd(await crcOf(file.data.slice(n * length, (n + 1) * length), [hash.whole])));
      }
    });
    return hash.done.then(() => hash);
  };
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
      if (method === 'POST' && uploadId) body.checksum = crcEnd((await hashParts(file, partCount)).whole); // completion: the file's
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

/* eslint-disable no-bitwise -- a CRC is bit arithmetic */
// CRC64NVME (S3's default checksum), 16 bytes a step; a CRC is [low 32 bits, high 32 bits], inverted while running.
const CRC_TABLE = new Uint32Array(2 * 16 * 256); // [low, high] of byte n after k more bytes, at 2 * (256 * k + n)
for (let n = 0; n < 16 * 256; n++) {
  let low = n < 256 ? n : CRC_TABLE[2 * (n - 256)], high = n < 256 ? 0 : CRC_TABLE[2 * (n - 256) + 1];
  for (let bit = 0; bit < (n < 256 ? 8 : 0); bit++) {
    const mask = -(low & 1);
    [low, high] = [((low >>> 1) | (high << 31)) ^ (0xac4bc9b5 & mask), (high >>> 1) ^ (0x9a6c9329 & mask)];
  }
  if (n >= 256) [low, high] = [((low >>> 8) | (high << 24)) ^ CRC_TABLE[2 * (low & 255)], (high >>> 8) ^ CRC_TABLE[2 * (low & 255) + 1]];
  CRC_TABLE[2 * n] = low; CRC_TABLE[2 * n + 1] = high;
}
const crcStart = () => new Uint32Array([0xffffffff, 0xffffffff]);
/** The CRC64NVME of a file or any Blob, base64, as S3 takes it in `x-amz-checksum-crc64nvme`. */
export const crc64nvme = async (blob: Blob) => crcEnd(await crcOf(blob, []));
const crcEnd = (crc: Uint32Array) => btoa(String.fromCharCode(...new Uint8Array(new Uint32Array([~crc[0], ~crc[1]]).buffer).reverse()));

/** Reads `blob` 8 MiB at a time, never whole, into a new CRC (returned) and into each of `more`. */
async function crcOf(blob: Blob, more: Uint32Array[]): Promise<Uint32Array> {
  const own = crcStart();
  for (let offset = 0; offset < blob.size; offset += 2 ** 23) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + 2 ** 23).arrayBuffer());
    for (const crc of [own, ...more]) crcUpdate(crc, bytes);
  }
  return own;
}

/** Adds `bytes` to `crc`, 16 bytes a step: each byte's table is the one for the bytes that follow it in the step. */
function crcUpdate(crc: Uint32Array, bytes: Uint8Array): void {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2), t = CRC_TABLE; // little-endian, as every browser is
  let [low, high] = crc, i = 0;
  for (; i + 4 <= words.length; i += 4) {
    const a = low ^ words[i], b = high ^ words[i + 1], c = words[i + 2], d = words[i + 3];
    const a0 = 7680 + 2 * (a & 255), a1 = 7168 + 2 * ((a >>> 8) & 255), a2 = 6656 + 2 * ((a >>> 16) & 255), a3 = 6144 + 2 * (a >>> 24);
    const b0 = 5632 + 2 * (b & 255), b1 = 5120 + 2 * ((b >>> 8) & 255), b2 = 4608 + 2 * ((b >>> 16) & 255), b3 = 4096 + 2 * (b >>> 24);
    const c0 = 3584 + 2 * (c & 255), c1 = 3072 + 2 * ((c >>> 8) & 255), c2 = 2560 + 2 * ((c >>> 16) & 255), c3 = 2048 + 2 * (c >>> 24);
    const d0 = 1536 + 2 * (d & 255), d1 = 1024 + 2 * ((d >>> 8) & 255), d2 = 512 + 2 * ((d >>> 16) & 255), d3 = 2 * (d >>> 24);
    low = t[a0] ^ t[a1] ^ t[a2] ^ t[a3] ^ t[b0] ^ t[b1] ^ t[b2] ^ t[b3] ^ t[c0] ^ t[c1] ^ t[c2] ^ t[c3] ^ t[d0] ^ t[d1] ^ t[d2] ^ t[d3];
    high = t[a0 + 1] ^ t[a1 + 1] ^ t[a2 + 1] ^ t[a3 + 1] ^ t[b0 + 1] ^ t[b1 + 1] ^ t[b2 + 1] ^ t[b3 + 1]
      ^ t[c0 + 1] ^ t[c1 + 1] ^ t[c2 + 1] ^ t[c3 + 1] ^ t[d0 + 1] ^ t[d1 + 1] ^ t[d2 + 1] ^ t[d3 + 1];
  }
  for (i *= 4; i < bytes.length; i++) {
    const at = 2 * ((low ^ bytes[i]) & 255);
    [low, high] = [((low >>> 8) | (high << 24)) ^ t[at], (high >>> 8) ^ t[at + 1]];
  }
  crc[0] = low; crc[1] = high;
}
