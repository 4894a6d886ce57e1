import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';

/**
 * An Uppy 6 instance for a PresignedUploadBucket: one presigned PUT per file up to `multipartThreshold`
 * (the construct's, 100 MiB by default), a resumable multipart upload above it, its part URLs signed 200 at a time.
 */
export function createUploader(presignEndpointUrl: string, authHeaders: () => Promise<Record<string, string>> = async () => ({}),
  multipartThreshold = 100 * 2 ** 20): Uppy {
  const uppy = new Uppy();
  const partUrls = new Map<string, Map<number, { url: string; freshUntil: number }>>(); // uploadId -> its latest batch of part URLs
  uppy.use(AwsS3, {
    shouldUseMultipart: (file) => (file.size ?? 0) > multipartThreshold,
    generateObjectKey: (file) => file.id, // lets signRequest find the file; the server makes the real key
    async signRequest(request) {
      const { method, key, uploadId, partNumber } = request as { method: string; key: string; uploadId?: string; partNumber?: number };
      const file = uppy.getFile(key) ?? uppy.getFiles().find((f) => f.s3Multipart?.key === key); // by id, then by server key (also after a reload)
      const batch = partUrls.get(uploadId ?? ''), cached = batch?.get(partNumber ?? 0); // a cached URL is served once, as Uppy asks
      if (partNumber) batch?.delete(partNumber); else partUrls.delete(uploadId ?? ''); // again only after a failure; list, complete, abort end a batch
      if (cached && cached.freshUntil > performance.now() + 60_000) return { url: cached.url };
      const body = uploadId === undefined
        ? { method, filename: file?.name, contentType: file?.type || 'application/octet-stream', size: file?.size }
        : { method, key, uploadId, partNumber, lastPartNumber: partNumber && partNumber + 199, size: file?.size };
      const response = await fetch(presignEndpointUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authHeaders()) }, body: JSON.stringify(body) });
      const presign = await response.json();
      if (!response.ok) throw new Error(`${presign.code}: ${presign.message}`);
      const freshUntil = performance.now() + presign.expiresIn * 1000; // the server's lifetime, on this page's monotonic clock
      if (partNumber) partUrls.set(uploadId ?? '', new Map(presign.parts.slice(1).map((p: any) => [p.partNumber, { url: p.url, freshUntil }])));
      return { url: presign.url, headers: presign.headers, key: presign.key };
    },
  });
  return uppy;
}
