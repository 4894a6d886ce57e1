/** Where the browser sends the presigned POST. */
export interface S3EndpointOptions {
  /** Upload bucket name. */
  readonly bucket: string;
  /** Region of the bucket, e.g. `eu-west-1`. */
  readonly region: string;
  /** DNS suffix of the partition: `amazonaws.com`, `amazonaws.com.cn`, ... */
  readonly urlSuffix: string;
  /** `AWS_ENDPOINT_URL_S3`, when set: a custom endpoint addressed path-style. */
  readonly endpointOverride?: string;
}

/**
 * The regional S3 endpoint for a browser POST, never the global
 * `s3.amazonaws.com` (whose 307 redirect on a preflight browsers won't follow).
 * Virtual-hosted style (`https://bucket.s3.region.suffix/`), except for bucket
 * names with dots, which the `*.s3` TLS certificate does not cover: those, and
 * custom endpoints, use path style (`https://s3.region.suffix/bucket`).
 */
export function s3PostUrl(options: S3EndpointOptions): string {
  const bucket = encodeURIComponent(options.bucket);
  if (options.endpointOverride) {
    const base = options.endpointOverride.replace(/\/+$/, '');
    return `${base}/${bucket}`;
  }
  const host = `s3.${options.region}.${options.urlSuffix}`;
  if (options.bucket.includes('.')) {
    return `https://${host}/${bucket}`;
  }
  return `https://${bucket}.${host}/`;
}
