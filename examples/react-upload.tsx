import type { UseUploadOptions } from 'cdk-presigned-upload-client/react';
import { useUpload } from 'cdk-presigned-upload-client/react';

/**
 * A file picker that uploads what is picked through a PresignedUploadBucket, and lists each file with its progress,
 * the key it was stored under, or the endpoint's refusal. Unmounting aborts what is still uploading.
 */
export function FileUploader(props: { presignEndpointUrl: string; options?: Omit<UseUploadOptions, 'endpoint'> }) {
  const { uploads, start } = useUpload({ ...props.options, endpoint: props.presignEndpointUrl });
  return (
    <div>
      <input type="file" multiple onChange={(event) => {
        start(Array.from(event.target.files ?? []));
        event.target.value = '';
      }} />
      <ul>
        {uploads.map((upload) => <li key={upload.id}>{upload.name}: {
          upload.status === 'done' ? `stored as ${upload.result?.key}`
            : upload.status === 'failed' ? `${upload.error?.code}: ${upload.error?.message}`
              : `${Math.floor((100 * upload.loaded) / Math.max(1, upload.total))} %`
        }</li>)}
      </ul>
    </div>
  );
}
