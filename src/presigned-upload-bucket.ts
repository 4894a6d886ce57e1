import { Annotations, Token } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeFindings, objectArnFinding } from './analyzer-acknowledgement';
import { PresignAuthType } from './presign-auth';
import { PresignEndpoint } from './presign-endpoint';
import { createPresignFunction } from './presign-function';
import type { PresignedUploadBucketProps } from './presigned-upload-bucket-props';
import { resolveConfig, type ResolvedConfig } from './resolve-config';
import { ResultsDistribution } from './results-distribution';
import { grantGetObjects, grantPutObjects } from './secure-bucket';
import { createUploadBucket } from './upload-bucket';
import { UploadCors } from './upload-cors';
import { UploadEncryptionType } from './upload-encryption';

/** Options for {@link PresignedUploadBucket.addUploadHandler}. */
export interface UploadHandlerOptions {
  /**
   * Only notify for keys ending with this suffix, e.g. `.png`.
   *
   * @default - every upload
   */
  readonly suffix?: string;

  /**
   * Queue for events EventBridge could not deliver to the handler after its
   * retries (24 hours, 185 attempts). Failures inside the handler are not
   * delivery failures: give the function its own on-failure destination.
   *
   * @default - no dead-letter queue; the rule's cdk-nag finding
   * Serverless-EventBusDLQ is acknowledged with that reason
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * Browser uploads straight to S3, done right.
 *
 * - an upload bucket with exact CORS rules for presigned POSTs,
 * - a presign function behind an HTTP API (IAM auth by default) that hands out
 *   SigV4 POST policies for the regional endpoint, pinning key, size and type,
 * - a private results bucket behind CloudFront (Origin Access Control) with a
 *   CORS and security response-headers policy.
 *
 * All three CORS configurations come from `allowedOrigins`.
 */
export class PresignedUploadBucket extends Construct {
  /** The bucket browsers upload into. */
  public readonly uploadBucket: s3.Bucket;
  /** The private bucket processing writes results to; served by `distribution`. */
  public readonly resultsBucket: s3.Bucket;
  /** CloudFront distribution serving `resultsBucket`. */
  public readonly distribution: cloudfront.Distribution;
  /** The function that presigns uploads. */
  public readonly presignFunction: lambda.Function;
  /** The HTTP API in front of `presignFunction`. */
  public readonly api: apigwv2.HttpApi;
  /** URL of the presign endpoint (`POST {presignEndpointUrl}`), e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/uploads`. */
  public readonly presignEndpointUrl: string;
  /** Base URL of results, with a trailing slash: `{resultsBaseUrl}{key}` fetches a result. */
  public readonly resultsBaseUrl: string;
  /** Key prefix of every upload (`uploads/` by default). */
  public readonly uploadPrefix: string;
  /** The KMS key both buckets are encrypted with, when `UploadEncryption.kms()` is used. */
  public readonly encryptionKey?: kms.IKey;

  private uploadHandlerCount = 0;

  /**
   * @param scope the parent construct.
   * @param id the construct id.
   * @param props the construct's configuration; only `allowedOrigins` is required.
   */
  constructor(scope: Construct, id: string, props: PresignedUploadBucketProps) {
    super(scope, id);
    const config = resolveConfig(props);
    this.addWarnings(config);

    const cors = new UploadCors(config.origins, config.corsMaxAge);
    this.uploadPrefix = config.uploadPrefix;
    if (config.encryption.encryptionType === UploadEncryptionType.KMS) {
      this.encryptionKey = config.encryption.key ?? new kms.Key(this, 'Key', {
        description: `Encrypts uploads and results of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: config.removalPolicy,
      });
    }

    this.uploadBucket = createUploadBucket(this, 'UploadBucket', config, cors, this.encryptionKey);

    const results = new ResultsDistribution(this, 'Results', config, cors, this.encryptionKey);
    if (this.encryptionKey !== undefined && config.encryption.key === undefined) {
      // The OAC origin grants kms:Decrypt to every distribution of the account
      // (naming this one would make key, bucket and distribution circular) and
      // warns. Reads still need the results bucket policy, which is scoped by
      // AWS:SourceArn to this distribution, and this key serves only our buckets.
      Annotations.of(this).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        'the results bucket policy limits reads to this distribution; the key encrypts only this construct\'s buckets');
    }
    this.resultsBucket = results.bucket;
    this.distribution = results.distribution;
    this.resultsBaseUrl = `https://${config.resultsDomain?.domainNames[0] ?? this.distribution.distributionDomainName}/`;

    this.presignFunction = createPresignFunction(this, 'PresignFunction', config, this.uploadBucket, this.encryptionKey);
    const endpoint = new PresignEndpoint(this, 'Endpoint', config, cors, this.presignFunction);
    this.api = endpoint.api;
    this.presignEndpointUrl = endpoint.url;
  }

  /**
   * Hands every new upload to `handler`: an EventBridge rule on the upload
   * bucket's "Object Created" events under the upload prefix, `s3:GetObject`
   * on uploads and `s3:PutObject` on results. The handler receives EventBridge
   * events (`detail.bucket.name`, `detail.object.key`, `detail.object.size`).
   * @param handler the function that processes each upload.
   * @param options which uploads it gets, and where undeliverable events go.
   * @returns the EventBridge rule.
   */
  public addUploadHandler(handler: lambda.IFunction, options: UploadHandlerOptions = {}): events.Rule {
    const suffix = options.suffix;
    if (suffix !== undefined && !Token.isUnresolved(suffix) && (suffix === '' || /[*?]/.test(suffix))) {
      throw new Error(`addUploadHandler: suffix "${suffix}" must be non-empty and contain no "*" or "?": use e.g. ".png", or omit it`);
    }
    let key: unknown[] | undefined;
    if (suffix !== undefined) {
      key = [{ wildcard: `${this.uploadPrefix}*${suffix}` }];
    } else if (this.uploadPrefix !== '') {
      key = [{ prefix: this.uploadPrefix }];
    }
    this.uploadHandlerCount += 1;
    const rule = new events.Rule(this, `UploadHandler${this.uploadHandlerCount}`, {
      description: `Sends new uploads in ${this.node.path} to a handler`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.uploadBucket.bucketName] }, ...(key ? { object: { key } } : {}) },
      },
      targets: [new targets.LambdaFunction(handler, { deadLetterQueue: options.deadLetterQueue })],
    });
    if (options.deadLetterQueue === undefined) {
      acknowledgeFindings(rule.node.defaultChild as events.CfnRule, {
        cdkNag: ['Serverless-EventBusDLQ'],
        reason: 'EventBridge retries delivery to the function for 24 hours and Lambda queues the event itself, '
          + 'so delivery rarely fails; pass deadLetterQueue to addUploadHandler to keep what still does.',
      });
    }
    grantGetObjects(this.uploadBucket, handler, `${this.uploadPrefix}*`);
    this.grantWriteResults(handler);
    this.acknowledgeHandlerGrants(handler);
    return rule;
  }

  /**
   * Lets `grantee` write result objects (`s3:PutObject`, plus
   * `kms:GenerateDataKey` when the buckets use KMS).
   * @param grantee the principal that writes results.
   */
  public grantWriteResults(grantee: iam.IGrantable): iam.Grant {
    return grantPutObjects(this.resultsBucket, grantee, '*');
  }

  /**
   * A handler reads any upload and writes any result, so the object ARNs in
   * its policy end in a wildcard; the construct records why, on the handler's
   * own policy, for these two statements only.
   */
  private acknowledgeHandlerGrants(handler: lambda.IFunction): void {
    const policy = handler.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (!(policy instanceof iam.CfnPolicy)) return;
    acknowledgeFindings(policy, {
      cdkNag: ['AwsSolutions-IAM5'],
      cdkNagAppliesTo: [objectArnFinding(this.uploadBucket, `${this.uploadPrefix}*`), objectArnFinding(this.resultsBucket, '*')],
      reason: 'An upload handler reads each new upload (s3:GetObject under the upload prefix) and writes its result '
        + '(s3:PutObject in the results bucket); keys are per upload, so the object ARNs end in a wildcard.',
    });
  }

  private addWarnings(config: ResolvedConfig): void {
    const annotations = Annotations.of(this);
    if (config.auth.authType === PresignAuthType.NONE) {
      annotations.addWarningV2('cdk-presigned-upload:publicPresignEndpoint',
        'The presign endpoint has no authentication (PresignAuth.none()): anyone who finds its URL can upload files into your bucket. '
        + 'Use PresignAuth.iam() or PresignAuth.jwt() unless this is intended.');
    }
    if (config.anyOrigin) {
      annotations.addWarningV2('cdk-presigned-upload:anyOrigin',
        'allowAnyOrigin is true: scripts on any web site may request upload URLs and upload with them. List your origins instead unless this is intended.');
    }
    if (config.hasWildcardOrigin) {
      annotations.addWarningV2('cdk-presigned-upload:wildcardOriginWidened',
        'allowedOrigins has a "*." subdomain wildcard. The upload bucket enforces it exactly, but API Gateway and CloudFront cannot express it: '
        + 'the presign API allows any origin of that scheme and the results distribution allows "*". List exact origins to avoid this.');
    }
    if (config.executableContentTypes.length > 0) {
      annotations.addWarningV2('cdk-presigned-upload:executableContentTypes',
        `allowedContentTypes admits browser-executable types (${config.executableContentTypes.join(', ')}): results served from your domain with these types can run script. Keep them only if you sanitize or never serve them.`);
    }
  }
}
