import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import type { AwsCredentials } from './iam-presign-fetch';

/**
 * Credentials of a Cognito identity pool for `iamPresignFetch`: a guest identity's, or a signed-in user's when `logins`
 * names the user's token (e.g. `{ 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf': idToken }`). They are kept
 * until five minutes before they expire (an hour after they were issued), then fetched again for the same identity.
 */
export function cognitoCredentials(region: string, identityPoolId: string, logins?: Record<string, string>): () => Promise<AwsCredentials> {
  const provider = fromCognitoIdentityPool({ identityPoolId, logins, clientConfig: { region } });
  let cached: Awaited<ReturnType<typeof provider>> | undefined;
  return async () => {
    if (cached === undefined || (cached.expiration?.getTime() ?? Infinity) - Date.now() < 5 * 60_000) cached = await provider();
    return cached;
  };
}
