import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';

/** An Uppy 6 instance that uploads each file with one presigned PUT from a PresignedUploadBucket. */
export function createUploader(presignEndpointUrl: string, authHeaders: () => Promise<Record<string, string>> = async () => ({})): Uppy {
  const uppy = new Uppy();
  uppy.use(AwsS3, {
    shouldUseMultipart: false, // single PUTs, up to maxUploadSize (at most 5 GiB)
    generateObjectKey: (file) => file.id, // lets signRequest find the file; the server makes the real key
    async signRequest(request) {
      if (request.method !== 'PUT' || 'uploadId' in request) throw new Error(`${request.method} is not presigned by this endpoint`);
      const file = uppy.getFile(request.key);
      const response = await fetch(presignEndpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authHeaders()) },
        body: JSON.stringify({ filename: file.name, contentType: file.type || 'application/octet-stream', size: file.size }),
      });
      const presign = await response.json();
      if (!response.ok) throw new Error(`${presign.code}: ${presign.message}`);
      return { url: presign.url, headers: presign.headers, key: presign.key };
    },
  });
  return uppy;
}
