import { AwsClient } from 'aws4fetch';
import type { PresignFetch } from './presign.js';

/** AWS credentials, as a Cognito identity pool (or any SDK credential provider) gives them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * A `presignFetch` for `PresignAuth.iam()`, the construct's default: it signs each presign call with SigV4 for API
 * Gateway (`execute-api`) in `region`, with the credentials `credentials()` gives at that moment, as API Gateway's IAM
 * authorizer checks them. aws4fetch's own retries are off: `upload()` tries again what is worth trying again.
 */
export function iamPresignFetch(region: string, credentials: () => Promise<AwsCredentials>): PresignFetch {
  return async (url, init) => {
    const { accessKeyId, secretAccessKey, sessionToken } = await credentials();
    return new AwsClient({ accessKeyId, secretAccessKey, sessionToken, service: 'execute-api', region, retries: 0 }).fetch(url, init);
  };
}
