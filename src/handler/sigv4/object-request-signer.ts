import { presignUrl } from './presigned-url';
import { objectPath, type S3ObjectEndpoint } from './s3-endpoint';
import { toAmzDate, type SigningKeyCache } from './sigv4';

/** AWS credentials to sign with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where and for how long object requests are signed (part of `PresignConfig`). */
export interface ObjectSigningSettings {
  /** The bucket's region, which every signature is for. */
  readonly region: string;
  /** Where browsers send object requests. */
  readonly objectEndpoint: S3ObjectEndpoint;
  /** How many seconds every URL works. */
  readonly expiresSeconds: number;
}

/** When and with what a request is signed. */
export interface SigningContext {
  readonly now: Date;
  readonly credentials: SigningCredentials;
}

/** One S3 request on an object, to presign. */
export interface ObjectRequest {
  readonly method: string;
  readonly key: string;
  /** Headers the client must send as they are (lower-case names), plus `content-length` when the body's length is signed. */
  readonly headers: Readonly<Record<string, string>>;
  /** The operation's query parameters (`uploads`, `uploadId`, `partNumber`). */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * Presigns requests on objects of the upload bucket at the configured
 * endpoint, with the function's credentials, for the configured lifetime.
 * The signing key is derived once per day (cached in `signingKeys`).
 */
export class ObjectRequestSigner {
  /** When every URL this signer issues stops working. */
  public readonly expiresAt: string;
  /** How many seconds every URL this signer issues works. */
  public readonly expiresIn: number;
  private readonly signingKey: Buffer;

  constructor(private readonly config: ObjectSigningSettings, private readonly context: SigningContext, signingKeys: SigningKeyCache) {
    const dateStamp = toAmzDate(context.now).slice(0, 8);
    this.signingKey = signingKeys.get(context.credentials.secretAccessKey, dateStamp, config.region, 's3');
    this.expiresAt = new Date(context.now.getTime() + config.expiresSeconds * 1000).toISOString();
    this.expiresIn = config.expiresSeconds;
  }

  public sign(request: ObjectRequest): string {
    const { config, context } = this;
    return presignUrl({
      method: request.method,
      protocol: config.objectEndpoint.protocol,
      host: config.objectEndpoint.host,
      path: objectPath(config.objectEndpoint, request.key),
      headers: request.headers,
      query: request.query,
      region: config.region,
      service: 's3',
      accessKeyId: context.credentials.accessKeyId,
      sessionToken: context.credentials.sessionToken,
      signedAt: context.now,
      expiresSeconds: config.expiresSeconds,
    }, this.signingKey);
  }
}
