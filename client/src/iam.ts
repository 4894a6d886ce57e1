import { AwsClient } from 'aws4fetch';

/** AWS credentials, as a Cognito identity pool (or any SDK credential provider) gives them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * A `presignFetch` for `createUploader` with `PresignAuth.iam()`, the default: it signs each presign request with SigV4
 * for API Gateway (`execute-api`) in `region`, with the credentials `credentials()` gives at that moment, as API Gateway's
 * IAM authorizer checks them. It never retries: a refusal (a 4xx, a quota's 429) is the endpoint's answer.
 */
export function iamPresignFetch(region: string, credentials: () => Promise<AwsCredentials>) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const { accessKeyId, secretAccessKey, sessionToken } = await credentials();
    return new AwsClient({ accessKeyId, secretAccessKey, sessionToken, service: 'execute-api', region, retries: 0 }).fetch(url, init);
  };
}
