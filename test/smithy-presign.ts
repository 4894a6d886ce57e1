import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PresignUrlInput } from '../src/handler/sigv4/presigned-url';

/** Node's hash and HMAC in the shape @smithy/signature-v4 expects. */
export class NodeSha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as Uint8Array));
  }
  public update(data: string | Uint8Array): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
  }
  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * The query parameters AWS's own signer (@smithy/signature-v4), configured as
 * AWS's S3 presigner does (unsigned payload, headers kept, not hoisted),
 * gives the same request: the independent oracle every URL is compared with.
 */
export async function smithyPresign(input: PresignUrlInput, secretAccessKey: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey, sessionToken: input.sessionToken },
    region: input.region,
    service: input.service,
    sha256: NodeSha256 as any,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const [hostname, port] = input.host.split(':');
  const signed = await signer.presign({
    method: input.method,
    protocol: input.protocol,
    hostname,
    port: port === undefined ? undefined : Number(port),
    path: input.path,
    query: { ...input.query },
    headers: { 'host': input.host, ...input.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  } as any, {
    signingDate: input.signedAt,
    expiresIn: input.expiresSeconds,
    unsignableHeaders: new Set(['x-amz-content-sha256']),
    // Every header the request lists is signed. smithy leaves a few out by
    // default (Cache-Control among them); the presign endpoint signs
    // Cache-Control to pin it, and S3 checks whatever X-Amz-SignedHeaders names.
    signableHeaders: new Set(Object.keys(input.headers)),
    unhoistableHeaders: new Set(['x-amz-content-sha256', ...Object.keys(input.headers)]),
  });
  return signed.query as Record<string, string>;
}
