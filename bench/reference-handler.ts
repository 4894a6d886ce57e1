/**
 * Reference for the benchmark: the same request and answer as the package's
 * handler, built the common way on @aws-sdk/s3-presigned-post.
 */
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

const client = new S3Client({});
const bucket = process.env.UPLOAD_BUCKET!;
const maxBytes = Number(process.env.UPLOAD_MAX_BYTES);
const expiresSeconds = Number(process.env.UPLOAD_EXPIRES_SECONDS);

export async function handler(event: { body?: string }) {
  const request = JSON.parse(event.body ?? '{}');
  const key = `${process.env.UPLOAD_KEY_PREFIX}${randomUUID()}/${request.filename}`;
  const { url, fields } = await createPresignedPost(client, {
    Bucket: bucket,
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      { 'Content-Type': request.contentType },
      { success_action_status: '201' },
    ],
    Fields: { 'Content-Type': request.contentType, 'success_action_status': '201' },
    Expires: expiresSeconds,
  });
  const expiresAt = new Date(Date.now() + expiresSeconds * 1000).toISOString();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'POST', url, fields, headers: {}, key, expiresAt, maxBytes }),
  };
}
