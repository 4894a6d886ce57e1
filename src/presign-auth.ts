import { Token } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';

/** How callers of the presign endpoint authenticate. */
export enum PresignAuthType {
  /** SigV4-signed requests from an IAM principal allowed `execute-api:Invoke`. */
  IAM = 'IAM',
  /** A JWT bearer token from an OIDC issuer (including Cognito user pools). */
  JWT = 'JWT',
  /** No authentication: anyone who can reach the endpoint can presign. */
  NONE = 'NONE',
}

/** Options for {@link PresignAuth.jwt}. */
export interface JwtAuthOptions {
  /**
   * The token issuer, an https URL, e.g. `https://example.auth0.com/`.
   * API Gateway fetches its OIDC discovery document and JWKS.
   */
  readonly issuer: string;
  /** Accepted `aud` (or, for access tokens, `client_id`) values. At least one. */
  readonly audience: string[];
}

/** Options for {@link PresignAuth.cognito}. */
export interface CognitoAuthOptions {
  /** The user pool whose tokens are accepted. */
  readonly userPool: IUserPool;
  /** App clients whose tokens are accepted. At least one. */
  readonly userPoolClients: IUserPoolClient[];
}

/**
 * The presign endpoint's authentication. Pick one of the static factories.
 *
 * With JWT (and Cognito), the caller's `sub` claim becomes part of every
 * object key, so one user can never overwrite another's uploads.
 */
export class PresignAuth {
  /** IAM authorization (SigV4). The default. */
  public static iam(): PresignAuth {
    return new PresignAuth(PresignAuthType.IAM);
  }

  /**
   * JWT authorization with any OIDC issuer.
   * @param options the issuer and the audiences tokens must carry.
   */
  public static jwt(options: JwtAuthOptions): PresignAuth {
    return new PresignAuth(PresignAuthType.JWT, options);
  }

  /**
   * JWT authorization with a Cognito user pool.
   * @param options the user pool and the app clients whose tokens may presign.
   */
  public static cognito(options: CognitoAuthOptions): PresignAuth {
    return new PresignAuth(PresignAuthType.JWT, undefined, options);
  }

  /**
   * No authentication. Anyone on the internet can obtain upload URLs; the
   * construct adds a synth-time warning
   * (`cdk-presigned-upload:publicPresignEndpoint`) that you can acknowledge.
   */
  public static none(): PresignAuth {
    return new PresignAuth(PresignAuthType.NONE);
  }

  private constructor(
    /** The kind of authentication. */
    public readonly authType: PresignAuthType,
    private readonly jwtOptions?: JwtAuthOptions,
    private readonly cognitoOptions?: CognitoAuthOptions,
  ) {}

  /** Whether object keys carry the caller's JWT subject. */
  public get keysBySubject(): boolean {
    return this.authType === PresignAuthType.JWT;
  }

  /**
   * What is wrong with the options, for the construct's single validation error.
   * @internal
   */
  public _problems(): string[] {
    const problems: string[] = [];
    const jwt = this.jwtOptions;
    if (jwt !== undefined) {
      if (!Token.isUnresolved(jwt.issuer) && !/^https:\/\/[^\s/]+/.test(jwt.issuer)) {
        problems.push(`auth: PresignAuth.jwt issuer "${jwt.issuer}" is not an https URL: use the issuer from your provider's OIDC discovery document, e.g. "https://example.auth0.com/"`);
      }
      if (!Token.isUnresolved(jwt.audience) && jwt.audience.length === 0) {
        problems.push('auth: PresignAuth.jwt audience is empty: list the client ids or API identifiers your tokens carry in "aud"');
      }
    }
    if (this.cognitoOptions !== undefined && this.cognitoOptions.userPoolClients.length === 0) {
      problems.push('auth: PresignAuth.cognito userPoolClients is empty: list the app clients whose tokens may presign');
    }
    return problems;
  }

  /**
   * The route authorizer; undefined for `none()`.
   * @internal
   */
  public _authorizer(): IHttpRouteAuthorizer | undefined {
    if (this.jwtOptions !== undefined) {
      return new HttpJwtAuthorizer('PresignJwtAuthorizer', this.jwtOptions.issuer, { jwtAudience: this.jwtOptions.audience });
    }
    if (this.cognitoOptions !== undefined) {
      return new HttpUserPoolAuthorizer('PresignUserPoolAuthorizer', this.cognitoOptions.userPool, {
        userPoolClients: this.cognitoOptions.userPoolClients,
      });
    }
    return this.authType === PresignAuthType.IAM ? new HttpIamAuthorizer() : undefined;
  }
}
