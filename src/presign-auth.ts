import { Token } from 'aws-cdk-lib';
import { HttpNoneAuthorizer, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { AnalyzerAcknowledgement } from './private/analyzer-acknowledgement';
import { spellProp } from './private/prop-spelling';

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
   * The token issuer, an absolute https URL with no query or fragment, exactly
   * as your provider's OIDC discovery document gives it, e.g. `https://example.auth0.com/`.
   * API Gateway fetches its OIDC discovery document and JWKS.
   */
  readonly issuer: string;
  /** Accepted `aud` (or, for access tokens, `client_id`) values. At least one, none empty. */
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
 * The presign endpoint's authentication. Pick one of the static factories;
 * each returns a variant that owns its route authorizer, the validation of
 * its options, and whether object keys carry the caller's identity.
 *
 * Every object key carries an opaque segment of the caller where there is
 * one (a keyed hash, so the key does not say who): the `sub` claim with JWT
 * (and Cognito); with IAM, the Cognito identity id, else the role of a role
 * session (its unique id, whatever the session name: everyone who may assume
 * the role is one caller), else the IAM user's ARN. One caller can so never
 * continue, complete or abort another's multipart upload. New uploads record
 * the caller in the signed user metadata `uploaded-by`.
 */
export abstract class PresignAuth {
  /** IAM authorization (SigV4). The default. */
  public static iam(): PresignAuth {
    return new IamAuth();
  }

  /**
   * JWT authorization with any OIDC issuer.
   * @param options the issuer and the audiences tokens must carry.
   */
  public static jwt(options: JwtAuthOptions): PresignAuth {
    return new JwtAuth(options);
  }

  /**
   * JWT authorization with a Cognito user pool.
   * @param options the user pool and the app clients whose tokens may presign.
   */
  public static cognito(options: CognitoAuthOptions): PresignAuth {
    return new CognitoAuth(options);
  }

  /**
   * No authentication. Anyone on the internet can obtain upload URLs; the
   * construct adds a synth-time warning
   * (`cdk-presigned-upload:publicPresignEndpoint`) that you can acknowledge.
   */
  public static none(): PresignAuth {
    return new NoAuth();
  }

  /** The kind of authentication. */
  public abstract readonly authType: PresignAuthType;

  /**
   * Whether there is a caller, whose opaque segment every object key carries:
   * true for `iam()`, `jwt()` and `cognito()`, false for `none()`.
   */
  public get keysByCaller(): boolean {
    return this._callerSource() !== undefined;
  }

  /**
   * What is wrong with the options, for the construct's single validation error.
   * @internal
   */
  public _problems(): string[] {
    return [];
  }

  /**
   * The route authorizer of the presign route.
   * @internal
   */
  public abstract _authorizer(): IHttpRouteAuthorizer;

  /**
   * Where the handler finds the caller (`PresignEnv.CALLER_SOURCE`): `jwt`
   * (the `sub` claim), `iam` (the IAM authorizer's identity), or nowhere.
   * @internal
   */
  public _callerSource(): string | undefined {
    return undefined;
  }

  /**
   * Analyzer findings on the presign route that this choice accepts.
   * @internal
   */
  public _routeAcknowledgements(): AnalyzerAcknowledgement[] {
    return [];
  }
}

/**
 * SigV4-signed callers with `execute-api:Invoke`; keys carry the caller (the
 * Cognito identity id, else a role session's role, else the IAM user ARN).
 */
class IamAuth extends PresignAuth {
  public readonly authType = PresignAuthType.IAM;

  public _callerSource(): string {
    return 'iam';
  }

  public _authorizer(): IHttpRouteAuthorizer {
    return new HttpIamAuthorizer();
  }
}

/** A JWT authorizer for any OIDC issuer; keys carry the token's `sub`. */
class JwtAuth extends PresignAuth {
  public readonly authType = PresignAuthType.JWT;

  constructor(private readonly options: JwtAuthOptions) {
    super();
  }

  public _callerSource(): string {
    return 'jwt';
  }

  public _problems(): string[] {
    const problems: string[] = [];
    const { issuer, audience } = this.options;
    const issuerProblem = Token.isUnresolved(issuer) ? undefined : describeIssuerProblem(issuer);
    if (issuerProblem !== undefined) {
      problems.push(`${spellProp('auth')}: PresignAuth.jwt issuer "${issuer}" ${issuerProblem}: use the "issuer" of your provider's OIDC discovery document, e.g. "https://example.auth0.com/"`);
    }
    if (!Token.isUnresolved(audience)) {
      if (audience.length === 0) {
        problems.push(`${spellProp('auth')}: PresignAuth.jwt audience is empty: list the client ids or API identifiers your tokens carry in "aud"`);
      }
      audience.forEach((entry, index) => {
        if (!Token.isUnresolved(entry) && (typeof entry !== 'string' || entry.trim() === '')) {
          problems.push(`${spellProp('auth')}: PresignAuth.jwt audience[${index}] is ${JSON.stringify(entry)}: each entry must be a non-empty client id or API identifier`);
        }
      });
    }
    return problems;
  }

  public _authorizer(): IHttpRouteAuthorizer {
    return new HttpJwtAuthorizer('PresignJwtAuthorizer', this.options.issuer, { jwtAudience: this.options.audience });
  }
}

/** A Cognito user pool authorizer; keys carry the token's `sub`. */
class CognitoAuth extends PresignAuth {
  public readonly authType = PresignAuthType.JWT;

  constructor(private readonly options: CognitoAuthOptions) {
    super();
  }

  public _callerSource(): string {
    return 'jwt';
  }

  public _problems(): string[] {
    return this.options.userPoolClients.length === 0
      ? ['auth: PresignAuth.cognito userPoolClients is empty: list the app clients whose tokens may presign']
      : [];
  }

  public _authorizer(): IHttpRouteAuthorizer {
    return new HttpUserPoolAuthorizer('PresignUserPoolAuthorizer', this.options.userPool, {
      userPoolClients: this.options.userPoolClients,
    });
  }
}

/**
 * Why `issuer` is not an OIDC issuer identifier (an absolute https URL with a
 * host, no whitespace, user info, query or fragment), or undefined.
 */
function describeIssuerProblem(issuer: string): string | undefined {
  if (/\s/.test(issuer)) return 'contains whitespace';
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:') return 'is not an https URL';
  if (url.hostname === '') return 'has no host';
  if (url.username !== '' || url.password !== '') return 'contains user info';
  if (/[?#]/.test(issuer)) return 'has a query or fragment, which an issuer never has';
  return undefined;
}

/** No authorizer: chosen explicitly, warned about by the construct. */
class NoAuth extends PresignAuth {
  public readonly authType = PresignAuthType.NONE;

  public _authorizer(): IHttpRouteAuthorizer {
    return new HttpNoneAuthorizer();
  }

  public _routeAcknowledgements(): AnalyzerAcknowledgement[] {
    return [{
      cdkNag: ['AwsSolutions-APIG4'],
      reason: 'PresignAuth.none() was chosen explicitly; the construct warns about it (cdk-presigned-upload:publicPresignEndpoint), '
        + 'and the stage throttle still bounds the request rate.',
    }];
  }
}
