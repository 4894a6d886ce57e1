/**
 * Reference for the benchmark: the same request and answer as the package's
 * handler (a presigned PUT that signs Content-Type, Content-Length and
 * If-None-Match), built the common way on @aws-sdk/s3-request-presigner.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const client = new S3Client({});
const bucket = process.env.UPLOAD_BUCKET!;
const expiresSeconds = Number(process.env.UPLOAD_EXPIRES_SECONDS);
const signableHeaders = new Set(['content-type', 'content-length', 'if-none-match']);

export async function handler(event: { body?: string }) {
  const request = JSON.parse(event.body ?? '{}');
  const key = `${process.env.UPLOAD_KEY_PREFIX}${randomUUID()}/${request.filename}`;
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: request.contentType, ContentLength: request.size, IfNoneMatch: '*' });
  const url = await getSignedUrl(client, command, { expiresIn: expiresSeconds, signableHeaders });
  const expiresAt = new Date(Date.now() + expiresSeconds * 1000).toISOString();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'PUT', url, headers: { 'content-type': request.contentType, 'if-none-match': '*' }, key, expiresAt, size: request.size,
    }),
  };
}
