/**
 * Reference for the benchmark: the same request and answer as the package's
 * handler (a presigned PUT that signs Content-Type, Content-Length,
 * If-None-Match, the CRC64NVME and the pinned Cache-Control,
 * Content-Disposition and Content-Encoding; parts with their length and
 * CRC64NVME), built the common way on @aws-sdk/s3-request-presigner.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

// WHEN_REQUIRED: otherwise the presigner adds the checksum of an empty body to every presigned PUT.
const client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
const bucket = process.env.UPLOAD_BUCKET!;
const expiresSeconds = Number(process.env.UPLOAD_EXPIRES_SECONDS);
const signableHeaders = new Set(['content-type', 'content-length', 'if-none-match', 'cache-control', 'content-disposition', 'content-encoding',
  'x-amz-checksum-crc64nvme']);
const PINNED = { 'cache-control': 'no-store', 'content-disposition': 'attachment', 'content-encoding': 'identity' };

/** A URL for each part checksum from partNumber on, one getSignedUrl(UploadPartCommand) each, with the part's length and checksum signed. */
async function presignParts(request: { key: string; uploadId: string; partNumber: number; partChecksums: string[]; size: number }) {
  const partSize = Math.max(Number(process.env.UPLOAD_MULTIPART_PART_SIZE), Math.ceil(request.size / 10_000));
  const partCount = Math.ceil(request.size / partSize);
  const parts = [];
  for (const [index, checksum] of request.partChecksums.entries()) {
    const partNumber = request.partNumber + index;
    const length = partNumber < partCount ? partSize : request.size - (partCount - 1) * partSize;
    const command = new UploadPartCommand({
      Bucket: bucket, Key: request.key, UploadId: request.uploadId, PartNumber: partNumber, ContentLength: length, ChecksumCRC64NVME: checksum,
    });
    const url = await getSignedUrl(client, command, { expiresIn: expiresSeconds, signableHeaders: new Set(['content-length', 'x-amz-checksum-crc64nvme']) });
    parts.push({ partNumber, url, headers: { 'x-amz-checksum-crc64nvme': checksum }, size: length });
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
    ChecksumCRC64NVME: request.checksum,
  });
  const url = await getSignedUrl(client, command, { expiresIn: expiresSeconds, signableHeaders });
  const expiresAt = new Date(Date.now() + expiresSeconds * 1000).toISOString();
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'PUT',
      url,
      headers: { 'content-type': request.contentType, ...PINNED, 'if-none-match': '*', 'x-amz-checksum-crc64nvme': request.checksum },
      key,
      expiresAt,
      size: request.size,
    }),
  };
}
