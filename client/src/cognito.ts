import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import type { AwsCredentials } from './iam.js';

/** A signed-in user's login: the identity provider's name in the pool, and the user's current ID token. */
export interface CognitoLogin {
  /** For a Cognito user pool: `cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  readonly providerName: string;
  /** The current ID token, asked for at each refresh: your auth library's (it refreshes the token before it expires). */
  readonly idToken: () => Promise<string>;
}

/**
 * Credentials of a Cognito identity pool for `iamPresignFetch`: a guest identity's, or a signed-in user's with `login`.
 * They are kept until five minutes before they expire (an hour after they were issued), then fetched again for the same
 * identity, with the ID token `login.idToken()` gives then, never the one the page started with.
 */
export function cognitoCredentials(region: string, identityPoolId: string, login?: CognitoLogin): () => Promise<AwsCredentials> {
  const logins = login === undefined ? undefined : { [login.providerName]: login.idToken };
  const provider = fromCognitoIdentityPool({ identityPoolId, logins, clientConfig: { region } });
  let cached: Awaited<ReturnType<typeof provider>> | undefined;
  let refreshing: Promise<AwsCredentials> | undefined;
  return async () => {
    if (cached !== undefined && (cached.expiration?.getTime() ?? Infinity) - Date.now() >= 5 * 60_000) return cached;
    // One refresh at a time, however many presign calls wait for it.
    refreshing ??= provider().then((fresh) => (cached = fresh)).finally(() => (refreshing = undefined));
    return refreshing;
  };
}
