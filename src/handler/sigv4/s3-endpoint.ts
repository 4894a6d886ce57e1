import { encodeKeyPath, uriEncode } from './sigv4';

/** Where the browser sends uploads. */
export interface S3EndpointOptions {
  /** Upload bucket name. */
  readonly bucket: string;
  /** Region of the bucket, e.g. `eu-west-1`. */
  readonly region: string;
  /** DNS suffix of the partition: `amazonaws.com`, `amazonaws.com.cn`, ... */
  readonly urlSuffix: string;
  /** `AWS_ENDPOINT_URL_S3`, when set: a custom endpoint addressed path-style. */
  readonly endpointOverride?: string;
  /** The Transfer Acceleration endpoint instead of the regional one (virtual-hosted only; the override still wins). */
  readonly accelerate?: boolean;
}

/** The parts of an object URL that don't depend on the key, derived once at cold start. */
export interface S3ObjectEndpoint {
  /** `https:`, or the override's scheme. */
  readonly protocol: string;
  /** The Host header the browser sends (with a non-default port). */
  readonly host: string;
  /** Canonical path before the key: `/` (virtual-hosted) or `/{bucket}/` (path style). */
  readonly pathPrefix: string;
}

/**
 * The regional S3 endpoint for browser uploads, never the global
 * `s3.amazonaws.com` (whose 307 redirect on a preflight browsers won't follow).
 * Virtual-hosted style (`https://bucket.s3.region.suffix/key`), except for
 * bucket names with dots, which the `*.s3` TLS certificate does not cover:
 * those, and custom endpoints, use path style (`https://s3.region.suffix/bucket/key`).
 * With Transfer Acceleration, `https://bucket.s3-accelerate.amazonaws.com/key`:
 * AWS serves it in the `aws` partition only, virtual-hosted only, and for
 * bucket names without dots (the configuration refuses the others). The
 * signature is still for the bucket's region.
 */
export function s3ObjectEndpoint(options: S3EndpointOptions): S3ObjectEndpoint {
  const bucket = uriEncode(options.bucket);
  if (options.endpointOverride) {
    const base = new URL(options.endpointOverride);
    return { protocol: base.protocol, host: base.host, pathPrefix: `${base.pathname.replace(/\/+$/, '')}/${bucket}/` };
  }
  if (options.accelerate) {
    return { protocol: 'https:', host: `${bucket}.s3-accelerate.amazonaws.com`, pathPrefix: '/' };
  }
  const host = `s3.${options.region}.${options.urlSuffix}`;
  if (options.bucket.includes('.')) {
    return { protocol: 'https:', host, pathPrefix: `/${bucket}/` };
  }
  return { protocol: 'https:', host: `${bucket}.${host}`, pathPrefix: '/' };
}

/** The canonical path of `key` at `endpoint`. */
export function objectPath(endpoint: S3ObjectEndpoint, key: string): string {
  return endpoint.pathPrefix + encodeKeyPath(key);
}
