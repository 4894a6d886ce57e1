import type { Template } from 'aws-cdk-lib/assertions';
import { PresignEnv } from '../../src/shared/presign-environment';
import { onlyResource } from '../util';

/**
 * The caller key the local runs use where the template has CloudFormation
 * resolve the construct's secret at deployment.
 */
export const LOCAL_CALLER_KEY = 'local-caller-key-for-the-end-to-end-tests-'.padEnd(64, '0');

/** `{{resolve:secretsmanager:<secret>:SecretString:::}}`, as CDK writes a secret's value into a template. */
function isSecretReference(value: unknown): boolean {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  return join !== undefined && join[1][0] === '{{resolve:secretsmanager:' && join[1][2] === ':SecretString:::}}';
}

/**
 * What the end-to-end test takes from a synthesized template: the presign
 * function's environment, the upload bucket's CORS rules and the HTTP API's
 * CORS configuration, with the template's references replaced by the local
 * stand-ins. A reference the test does not know fails loudly, so a new
 * environment variable can't slip past the test unresolved.
 */
export interface SynthesizedUploadStack {
  readonly functionEnvironment: Record<string, string>;
  readonly bucketCorsRules: S3CorsRule[];
  readonly apiCors: ApiCors;
  /** The origins CloudFront's response-headers policy allows to read results. */
  readonly resultsAllowedOrigins: string[];
}

/** A CORS rule in the shape of S3's PutBucketCors API. */
export interface S3CorsRule {
  readonly ID?: string;
  readonly AllowedOrigins: string[];
  readonly AllowedMethods: string[];
  readonly AllowedHeaders?: string[];
  readonly ExposeHeaders?: string[];
  readonly MaxAgeSeconds?: number;
}

/** An HTTP API's CorsConfiguration, as CloudFormation has it. */
export interface ApiCors {
  readonly AllowOrigins: string[];
  readonly AllowMethods: string[];
  readonly AllowHeaders: string[];
  readonly ExposeHeaders?: string[];
  readonly MaxAge?: number;
  readonly AllowCredentials?: boolean;
}

/**
 * Reads the stack; `bucketName` is the local bucket standing in for the
 * upload bucket. The stack may hold other functions (an app's upload
 * handler): the presign function is the one with the construct's environment.
 */
export function readSynthesizedUploadStack(template: Template, bucketName: string, quotaTableName = 'quota-counters'): SynthesizedUploadStack {
  const quotaTableIds = Object.keys(template.findResources('AWS::DynamoDB::Table'));
  const [bucketId, bucket] = Object.entries(template.findResources('AWS::S3::Bucket'))
    .find(([, r]: [string, any]) => r.Properties.CorsConfiguration?.CorsRules.some((rule: any) => rule.AllowedMethods.includes('PUT')))!;
  const presignFunctions = Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((r: any) => r.Properties.Environment?.Variables?.[PresignEnv.BUCKET] !== undefined);
  if (presignFunctions.length !== 1) throw new Error(`expected one presign function, found ${presignFunctions.length}`);
  const fn = presignFunctions[0] as any;
  const api = onlyResource(template, 'AWS::ApiGatewayV2::Api');
  const headersPolicy = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy');

  const resolve = (name: string, value: unknown): string => {
    if (typeof value === 'string') return value;
    const ref = (value as { Ref?: string }).Ref;
    if (ref === bucketId) return bucketName;
    if (ref !== undefined && quotaTableIds.includes(ref)) return quotaTableName;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    if (name === PresignEnv.CALLER_KEY && isSecretReference(value)) return LOCAL_CALLER_KEY;
    throw new Error(`environment variable ${name} is ${JSON.stringify(value)}: the end-to-end test has no local value for it`);
  };
  const functionEnvironment = Object.fromEntries(
    Object.entries<unknown>(fn.Properties.Environment.Variables).map(([name, value]) => [name, resolve(name, value)]),
  );

  const bucketCorsRules = (bucket as any).Properties.CorsConfiguration.CorsRules.map((rule: any): S3CorsRule => ({
    ID: rule.Id,
    AllowedOrigins: rule.AllowedOrigins,
    AllowedMethods: rule.AllowedMethods,
    AllowedHeaders: rule.AllowedHeaders,
    ExposeHeaders: rule.ExposedHeaders,
    MaxAgeSeconds: rule.MaxAge,
  }));

  return {
    functionEnvironment,
    bucketCorsRules,
    apiCors: api.Properties.CorsConfiguration,
    resultsAllowedOrigins: headersPolicy.Properties.ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins.Items,
  };
}
