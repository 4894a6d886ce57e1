import type Uppy from '@uppy/core';
import { useEffect, useState } from 'react';
import { createUploader, type UploaderOptions } from './uppy-upload';

/** What a page shows of one file: its progress, then the key it was stored under or the endpoint's refusal. */
export interface FileProgress {
  readonly id: string;
  readonly name: string;
  readonly percent: number;
  readonly key?: string;
  readonly error?: string;
}

/**
 * The README's uploader for a React component: made on mount, destroyed on unmount (twice in development's Strict
 * Mode, which is fine), with each file's progress as state. `options` is read on mount: keep it stable.
 */
export function useUploader(presignEndpointUrl: string, options?: UploaderOptions): { uppy?: Uppy; files: FileProgress[] } {
  const [uppy, setUppy] = useState<Uppy>();
  const [files, setFiles] = useState<FileProgress[]>([]);
  useEffect(() => {
    const uploader = createUploader(presignEndpointUrl, options);
    const update = () => setFiles(uploader.getFiles().map((file) => ({
      id: file.id,
      name: file.name ?? file.id,
      percent: file.progress.percentage ?? 0,
      key: (file.response?.body as { key?: string } | undefined)?.key,
      error: file.error ?? undefined,
    })));
    uploader.on('state-update', update);
    setUppy(uploader);
    return () => {
      uploader.off('state-update', update);
      uploader.destroy();
    };
  }, [presignEndpointUrl]); // options: read once, on mount
  return { uppy, files };
}

/** A file picker that uploads what is picked, and lists each file with its progress, its key or its refusal. */
export function FileUploader(props: { presignEndpointUrl: string; options?: UploaderOptions }) {
  const { uppy, files } = useUploader(props.presignEndpointUrl, props.options);
  return (
    <div>
      <input type="file" multiple disabled={uppy === undefined} onChange={(event) => {
        for (const file of Array.from(event.target.files ?? [])) uppy?.addFile({ name: file.name, type: file.type, data: file });
        event.target.value = '';
        void uppy?.upload();
      }} />
      <ul>
        {files.map((file) => <li key={file.id}>{file.name}: {file.error ?? (file.key ? `stored as ${file.key}` : `${file.percent} %`)}</li>)}
      </ul>
    </div>
  );
}
