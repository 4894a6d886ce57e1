import { CfnOutput } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { PresignedUploadBucket } from 'cdk-presigned-upload';

/**
 * A Cognito identity pool whose identities may presign with `PresignAuth.iam()`: guests (no sign-in) and users of
 * `userPool` signed in through `client`. Each gets a role that may call the presign endpoint and nothing else.
 */
export class BrowserIdentities extends Construct {
  public readonly identityPool: cognito.CfnIdentityPool;

  constructor(scope: Construct, id: string, uploads: PresignedUploadBucket, userPool: cognito.IUserPool, client: cognito.IUserPoolClient) {
    super(scope, id);
    this.identityPool = new cognito.CfnIdentityPool(this, 'Pool', {
      allowUnauthenticatedIdentities: true,
      cognitoIdentityProviders: [{ providerName: userPool.userPoolProviderName, clientId: client.userPoolClientId }],
    });
    // Only this pool's identities, and only with the given sign-in state, may take each role.
    const roleFor = (name: string, amr: string) => new iam.Role(this, name, {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    const guest = roleFor('GuestRole', 'unauthenticated');
    const signedIn = roleFor('SignedInRole', 'authenticated');
    uploads.grantPresign(guest);
    uploads.grantPresign(signedIn);
    new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
      identityPoolId: this.identityPool.ref,
      roles: { unauthenticated: guest.roleArn, authenticated: signedIn.roleArn },
    });
    new CfnOutput(this, 'IdentityPoolId', { value: this.identityPool.ref });
  }
}
