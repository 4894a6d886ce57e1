import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { CognitoIdentityStandIn } from './cognito-identity-stand-in';
import { cognitoCredentials } from 'cdk-presigned-upload-client/cognito';

/**
 * The client package's cognitoCredentials against a stand-in for Cognito Identity
 * that refuses expired ID tokens, as Cognito does. Credentials are issued
 * for 4 minutes, inside the example's 5-minute margin, so every call
 * refreshes them.
 */
const PROVIDER = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf';
const POOL = 'eu-west-1:4f2d8c1e-0000-4000-8000-000000000001';
const HOUR = 3_600_000;

let standIn: CognitoIdentityStandIn;
const previousEndpoint = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY;
beforeAll(async () => {
  standIn = await CognitoIdentityStandIn.start(4 * 60_000);
  // The SDK's service-specific endpoint setting, read by its Node.js config loader.
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY = standIn.endpoint;
});
afterAll(async () => {
  if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY;
  else process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY = previousEndpoint;
  await standIn.stop();
});
beforeEach(() => {
  standIn.calls.length = 0;
  standIn.clockOffsetMs = 0;
});

test('a refresh after the first ID token expired sends the current token and succeeds', async () => {
  let current = CognitoIdentityStandIn.tokenExpiringAt(standIn.now() + HOUR);
  const first = current;
  const credentials = cognitoCredentials('eu-west-1', POOL, { providerName: PROVIDER, idToken: async () => current });
  const initial = await credentials();
  expect(initial.accessKeyId).toBe('ASIAEXAMPLECOGNITO01');
  const before = standIn.calls.length;
  // Two hours on: the first token has expired, and the page's auth library holds a new one.
  standIn.clockOffsetMs = 2 * HOUR;
  current = CognitoIdentityStandIn.tokenExpiringAt(standIn.now() + HOUR);
  const refreshed = await credentials();
  expect(refreshed.sessionToken).not.toBe(initial.sessionToken);
  expect(standIn.calls.slice(0, before).map((call) => call.tokens)).toEqual(standIn.calls.slice(0, before).map(() => [first]));
  // Every call of the refresh carried the current token (the SDK may ask GetId again, which answers a signed-in user's id).
  const refresh = standIn.calls.slice(before);
  expect(refresh.map((call) => call.operation)).toContain('GetCredentialsForIdentity');
  expect(refresh.map((call) => call.tokens)).toEqual(refresh.map(() => [current]));
});

test('the control: a login fixed as a string resends the expired token, and Cognito refuses it', async () => {
  const token = CognitoIdentityStandIn.tokenExpiringAt(standIn.now() + HOUR);
  const provider = fromCognitoIdentityPool({ identityPoolId: POOL, logins: { [PROVIDER]: token }, clientConfig: { region: 'eu-west-1' } });
  await provider();
  standIn.clockOffsetMs = 2 * HOUR;
  await expect(provider()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});

test('a guest signs in with no token; calls that wait for one refresh share it', async () => {
  const credentials = cognitoCredentials('eu-west-1', POOL);
  const answers = await Promise.all([credentials(), credentials(), credentials()]);
  expect(new Set(answers.map((a) => a.sessionToken)).size).toBe(1);
  expect(standIn.calls.map((call) => [call.operation, call.tokens])).toEqual([['GetId', []], ['GetCredentialsForIdentity', []]]);
});

test('credentials that are not near expiry are kept', async () => {
  const long = await CognitoIdentityStandIn.start(HOUR);
  const saved = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY;
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY = long.endpoint;
  try {
    const credentials = cognitoCredentials('eu-west-1', POOL, { providerName: PROVIDER, idToken: async () => CognitoIdentityStandIn.tokenExpiringAt(Date.now() + HOUR) });
    expect((await credentials()).sessionToken).toBe((await credentials()).sessionToken);
    expect(long.calls.map((call) => call.operation)).toEqual(['GetId', 'GetCredentialsForIdentity']);
  } finally {
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY = saved;
    await long.stop();
  }
});
