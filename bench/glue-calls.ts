/**
 * How many presign API calls the README's Uppy glue (examples/uppy-upload.ts)
 * makes for one multipart upload of `GLUE_FILE_BYTES`: Uppy's own
 * signRequest sequence (start, every part in order, completion) is played
 * against the glue, whose fetch reaches the bundled handler in-process.
 * Bundled by esbuild and run by bench/run.ts; prints one JSON line.
 */
import Uppy from '@uppy/core';
import { createUploader } from '../examples/uppy-upload';
import { partLayout } from '../src/handler/request/multipart-parts';

const SIZE = Number(process.env.GLUE_FILE_BYTES);

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(process.env.PRESIGN_BUNDLE!);
  let calls = 0;
  (globalThis as any).fetch = async (_url: string, init: { body: string; headers: Record<string, string> }) => {
    calls++;
    const result = await handler({ headers: init.headers, body: init.body, requestContext: { http: { method: 'POST' } } });
    return { ok: result.statusCode === 200, json: async () => JSON.parse(result.body) };
  };
  const uppy: Uppy = createUploader('https://presign.example.com/uploads');
  const id = uppy.addFile({ name: 'film.mp4', type: 'video/mp4', data: new Blob([]) });
  uppy.setFileState(id, { size: SIZE });
  const signRequest = (uppy.getPlugin('AwsS3') as any).opts.signRequest;
  const created = await signRequest({ method: 'POST', key: id });
  const uploadId = 'bench-upload-id';
  uppy.setFileState(id, { s3Multipart: { uploadId, key: created.key } } as any);
  const { partCount } = partLayout(SIZE, Number(process.env.UPLOAD_MULTIPART_PART_SIZE));
  for (let partNumber = 1; partNumber <= partCount; partNumber++) {
    const part = await signRequest({ method: 'PUT', key: created.key, uploadId, partNumber });
    if (!new URL(part.url).searchParams.get('partNumber')) throw new Error(`no URL for part ${partNumber}`);
  }
  await signRequest({ method: 'POST', key: created.key, uploadId });
  process.stdout.write(JSON.stringify({ bytes: SIZE, parts: partCount, calls }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
