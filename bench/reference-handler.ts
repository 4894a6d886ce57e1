/**
 * Reference for the benchmark: the same request and answer as the package's
 * handler (a presigned PUT that signs Content-Type, Content-Length,
 * If-None-Match and the pinned Cache-Control, Content-Disposition and
 * Content-Encoding), built the common way on @aws-sdk/s3-request-presigner.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const client = new S3Client({});
const bucket = process.env.UPLOAD_BUCKET!;
const expiresSeconds = Number(process.env.UPLOAD_EXPIRES_SECONDS);
const signableHeaders = new Set(['content-type', 'content-length', 'if-none-match', 'cache-control', 'content-disposition', 'content-encoding']);
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };

const MiB = 1024 * 1024;

/** Part URLs from partNumber to lastPartNumber, one getSignedUrl(UploadPartCommand) each, with the part's length signed. */
async function presignParts(request: { key: string; uploadId: string; partNumber: number; lastPartNumber?: number; size: number }) {
  const partSize = Math.max(5 * MiB, Math.ceil(request.size / 10_000));
  const partCount = Math.ceil(request.size / partSize);
  const last = Math.min(request.lastPartNumber ?? request.partNumber, partCount, request.partNumber + 499);
  const parts = [];
  for (let partNumber = request.partNumber; partNumber <= last; partNumber++) {
    const length = partNumber < partCount ? partSize : request.size - (partCount - 1) * partSize;
    const command = new UploadPartCommand({
      Bucket: bucket, Key: request.key, UploadId: request.uploadId, PartNumber: partNumber, ContentLength: length,
    });
    const url = await getSignedUrl(client, command, { expiresIn: expiresSeconds, signableHeaders: new Set(['content-length']) });
    parts.push({ partNumber, url, size: length });
  }
  return parts;
}

export async function handler(event: { body?: string }) {
  const request = JSON.parse(event.body ?? '{}');
  if (request.uploadId !== undefined) {
    const parts = await presignParts(request);
    const expiresAt = new Date(Date.now() + expiresSeconds * 1000).toISOString();
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PUT', url: parts[0].url, headers: {}, key: request.key, expiresAt, size: request.size, parts }),
    };
  }
  const key = `${process.env.UPLOAD_KEY_PREFIX}${randomUUID()}/${request.filename}`;
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    ContentType: request.contentType,
    ContentLength: request.size,
    IfNoneMatch: '*',
    CacheControl: PINNED['cache-control'],
    ContentDisposition: PINNED['content-disposition'],
    ContentEncoding: PINNED['content-encoding'],
  });
  const url = await getSignedUrl(client, command, { expiresIn: expiresSeconds, signableHeaders });
  const expiresAt = new Date(Date.now() + expiresSeconds * 1000).toISOString();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'PUT', url, headers: { 'content-type': request.contentType, ...PINNED, 'if-none-match': '*' }, key, expiresAt, size: request.size,
    }),
  };
}
