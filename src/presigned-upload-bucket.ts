import { type Duration, type RemovalPolicy, type Size, Stack, Token } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PresignedUploadBucketProps } from './presigned-upload-bucket-props';
import { addConstructWarnings } from './private/construct-warnings';
import { BUCKET_DEFAULTS } from './private/defaults';
import { GuardDutyMalwareScanning } from './private/guard-duty-malware-scanning';
import { grantPutObjects } from './private/object-grants';
import { PRESIGN_PATH, PresignEndpoint } from './private/presign-endpoint';
import { PresignFunction } from './private/presign-function';
import { spellProp } from './private/prop-spelling';
import { QuotaTable } from './private/quota-table';
import { resolveConfig } from './private/resolve-config';
import { ResultsDistribution } from './private/results-distribution';
import { UploadBucket } from './private/upload-bucket';
import { UploadCors } from './private/upload-cors';
import { objectCreatedPattern, ScanResult, scanResultPattern } from './private/upload-event-patterns';
import { acknowledgeNoDeadLetterQueue, grantReadUploads, grantUploadProcessing, lambdaTarget } from './private/upload-event-rules';
import { ValidationError } from './private/validation-error';
import type { RefusalCode } from './shared/refusal-code';
import { REFUSALS_METRIC } from './shared/refusal-metric-names';
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

/** Options for {@link PresignedUploadBucket.onUpload}. */
export interface UploadRuleOptions extends events.OnEventOptions {
  /**
   * Only uploads whose keys end with this suffix, e.g. `.png`.
   *
   * @default - every upload
   */
  readonly suffix?: string;
}

/** Options for {@link PresignedUploadBucket.onThreat}: CDK's options of an event rule. */
export interface ThreatRuleOptions extends events.OnEventOptions {}

/** Options for {@link PresignedUploadBucket.addThreatHandler}. */
export interface ThreatHandlerOptions {
  /**
   * Queue for events EventBridge could not deliver to the handler after its
   * retries (24 hours, 185 attempts).
   *
   * @default - no dead-letter queue; the rule's cdk-nag finding
   * Serverless-EventBusDLQ is acknowledged with that reason
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * Browser uploads straight to S3, done right.
 *
 * - an upload bucket with exact CORS rules and write-once keys,
 * - a presign function behind an HTTP API (IAM auth by default) that hands out
 *   SigV4 presigned PUTs for the regional endpoint, pinning key, exact size,
 *   type and If-None-Match,
 * - a private results bucket behind CloudFront (Origin Access Control) with a
 *   CORS and security response-headers policy.
 *
 * All three CORS configurations come from `allowedOrigins`.
 */
export class PresignedUploadBucket extends Construct {
  /** `maxUploadSize` when none is given. */
  public static readonly DEFAULT_MAX_UPLOAD_SIZE: Size = BUCKET_DEFAULTS.maxUploadSize;
  /** `presignExpiry` when none is given. */
  public static readonly DEFAULT_PRESIGN_EXPIRY: Duration = BUCKET_DEFAULTS.presignExpiry;
  /** `uploadPrefix` when none is given. */
  public static readonly DEFAULT_UPLOAD_PREFIX: string = BUCKET_DEFAULTS.uploadPrefix;
  /** `corsMaxAge` when none is given. */
  public static readonly DEFAULT_CORS_MAX_AGE: Duration = BUCKET_DEFAULTS.corsMaxAge;
  /** `throttle.rateLimit`, in requests per second, when `throttle` or its `rateLimit` is left out. */
  public static readonly DEFAULT_THROTTLE_RATE_LIMIT: number = BUCKET_DEFAULTS.throttleRateLimit;
  /** `throttle.burstLimit`, in requests, when `throttle` or its `burstLimit` is left out. */
  public static readonly DEFAULT_THROTTLE_BURST_LIMIT: number = BUCKET_DEFAULTS.throttleBurstLimit;
  /** `presignRuntime` when none is given. */
  public static readonly DEFAULT_PRESIGN_RUNTIME: lambda.Runtime = BUCKET_DEFAULTS.presignRuntime;
  /** `logRetention` when none is given. */
  public static readonly DEFAULT_LOG_RETENTION: logs.RetentionDays = BUCKET_DEFAULTS.logRetention;
  /** `priceClass` when none is given. */
  public static readonly DEFAULT_PRICE_CLASS: cloudfront.PriceClass = BUCKET_DEFAULTS.priceClass;

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
  /** The GuardDuty Malware Protection plan, with `MalwareProtection.guardDuty()`. */
  public readonly malwareProtectionPlan?: guardduty.CfnMalwareProtectionPlan;
  /** The role GuardDuty scans and tags uploads with, with `MalwareProtection.guardDuty()`. */
  public readonly malwareScanRole?: iam.IRole;
  /** The DynamoDB table of quota counters, with `UploadQuotas.enabled()`. */
  public readonly quotaTable?: dynamodb.ITable;
  /** The rule ids of the Lambda conveniences, and the path of the function each is for. */
  private readonly handlerRules = new Map<string, string>();


  /**
   * @param scope the parent construct.
   * @param id the construct id.
   * @param props the construct's configuration; only `allowedOrigins` is required.
   */
  constructor(scope: Construct, id: string, props: PresignedUploadBucketProps) {
    super(scope, id);
    const config = resolveConfig(this, props, Stack.of(this).region);
    addConstructWarnings(this, config);

    const cors = new UploadCors({
      origins: config.origins,
      maxAge: config.corsMaxAge,
      kms: config.encryption.encryptionType === UploadEncryptionType.KMS,
      multipart: config.multipart !== undefined,
      recordsCaller: config.auth.keysByCaller,
    });
    this.uploadPrefix = config.uploadPrefix;
    if (config.encryption.encryptionType === UploadEncryptionType.KMS) {
      this.encryptionKey = config.encryption.key ?? this.createEncryptionKey(config.removalPolicy);
    }

    this.uploadBucket = new UploadBucket(this, 'UploadBucket', {
      cors,
      encryptionKey: this.encryptionKey,
      uploadPrefix: config.uploadPrefix,
      multipart: config.multipart !== undefined,
      transferAcceleration: config.transferAcceleration,
      expireUploadsAfter: config.expireUploadsAfter,
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.autoDeleteObjects,
      serverAccessLogsBucket: config.serverAccessLogsBucket,
    }).bucket;
    if (config.malwareProtection !== undefined) {
      const scanning = new GuardDutyMalwareScanning(this, 'MalwareScanning', {
        bucket: this.uploadBucket,
        uploadPrefix: config.uploadPrefix,
        encryptionKey: this.encryptionKey,
        infectedObjects: config.malwareProtection.infectedObjects,
      });
      this.malwareProtectionPlan = scanning.plan;
      this.malwareScanRole = scanning.role;
    }

    const results = new ResultsDistribution(this, 'Results', {
      cors,
      encryptionKey: this.encryptionKey,
      encryptionKeyOwned: config.encryption.key === undefined,
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.autoDeleteObjects,
      serverAccessLogsBucket: config.serverAccessLogsBucket,
      priceClass: config.priceClass,
      resultsDomain: config.resultsDomain,
      distributionLogBucket: config.distributionLogBucket,
    });
    this.resultsBucket = results.bucket;
    this.distribution = results.distribution;
    this.resultsBaseUrl = `https://${config.resultsDomain?.domainNames[0] ?? this.distribution.distributionDomainName}/`;

    if (config.quotas !== undefined) {
      this.quotaTable = new QuotaTable(this, 'QuotaTable', {
        encryptionKey: this.encryptionKey,
        removalPolicy: config.removalPolicy,
      }).table;
    }

    this.presignFunction = new PresignFunction(this, 'PresignFunction', {
      uploadBucket: this.uploadBucket,
      encryptionKey: this.encryptionKey,
      uploadPrefix: config.uploadPrefix,
      maxBytes: config.maxBytes,
      expiresSeconds: config.expiresSeconds,
      allowedContentTypes: config.allowedContentTypes,
      callerSource: config.auth._callerSource(),
      multipart: config.multipart,
      transferAcceleration: config.transferAcceleration,
      runtime: config.runtime,
      runtimeChosen: config.runtimeChosen,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      reservedConcurrency: config.reservedConcurrency,
      quotas: this.quotaTable === undefined || config.quotas === undefined ? undefined : { table: this.quotaTable, limits: config.quotas },
    }).function;
    const endpoint = new PresignEndpoint(this, 'Endpoint', {
      auth: config.auth,
      cors,
      handler: this.presignFunction,
      throttle: config.throttle,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.api = endpoint.api;
    this.presignEndpointUrl = endpoint.url;
  }

  /**
   * The presign endpoint's refusals with one code (for example
   * `RefusalCode.RATE_LIMITED`, `DAILY_BUDGET_EXCEEDED`, `QUOTA_UNAVAILABLE`
   * or `FILE_TOO_LARGE`; docs/errors.md lists every code): the sum over 5
   * minutes by default. The function writes them in CloudWatch's embedded
   * metric format (namespace `PresignedUploadBucket`, metric `Refusals`,
   * dimensions `FunctionName` and `Code`), so they cost no API call.
   * @param code the refusal's code.
   * @param props the statistic, period and other metric options.
   * @returns the metric, to alarm on or graph.
   */
  public metricRefusals(code: RefusalCode, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: REFUSALS_METRIC.namespace,
      metricName: REFUSALS_METRIC.name,
      statistic: cloudwatch.Stats.SUM,
      ...props,
      dimensionsMap: {
        ...props.dimensionsMap,
        [REFUSALS_METRIC.functionDimension]: this.presignFunction.functionName,
        [REFUSALS_METRIC.codeDimension]: code,
      },
    });
  }

  /**
   * Sends the event of every new upload to `target`, any EventBridge target,
   * and returns the rule (`id` names it, under this construct).
   *
   * Without malware protection, the rule matches the upload bucket's "Object
   * Created" events under the upload prefix; the key is `detail.object.key`
   * (also `detail.bucket.name`, `detail.object.size`). With
   * `MalwareProtection.guardDuty()`, it matches GuardDuty's scan results that
   * found no threat instead, so the target gets only clean uploads; the key is
   * then `detail.s3ObjectDetails.objectKey`.
   *
   * A target reads nothing by itself: grant what processes the upload
   * `grantReadUploads` (and `grantWriteResults`).
   * @param id the rule's id, unique under this construct.
   * @param options the target, which uploads it gets, and CDK's options of an
   *   event rule (`description`, `ruleName`, `crossStackScope`, and an
   *   `eventPattern` merged into the rule's own). Without a target, add one to
   *   the rule this returns (`addTarget`).
   * @returns the EventBridge rule.
   */
  public onUpload(id: string, options: UploadRuleOptions = {}): events.Rule {
    checkSuffix(this, 'onUpload', options.suffix);
    return this.uploadRule(id, options.suffix, options);
  }

  /**
   * Sends the event of every upload in which GuardDuty found a threat to
   * `target`, any EventBridge target, and returns the rule: GuardDuty's scan
   * results with `THREATS_FOUND` for the upload prefix. The key is
   * `detail.s3ObjectDetails.objectKey`, the threats
   * `detail.scanResultDetails.threats`. Nothing may read such an upload.
   * Needs `malwareProtection`.
   * @param id the rule's id, unique under this construct.
   * @param options the target, and CDK's options of an event rule, as for
   *   `onUpload`.
   * @returns the EventBridge rule.
   */
  public onThreat(id: string, options: ThreatRuleOptions = {}): events.Rule {
    return this.threatRule('onThreat', id, options);
  }

  /**
   * Hands every new upload to the Lambda function `handler`, with
   * `s3:GetObject` on uploads and `s3:PutObject` on results: `onUpload` with
   * the function as its target, and its grants. The rule's id comes from the
   * function's own path, so adding handlers in another order changes no rule.
   * See `onUpload` for the events.
   * @param handler the function that processes each upload.
   * @param options which uploads it gets, and where undeliverable events go.
   * @returns the EventBridge rule.
   */
  public addUploadHandler(handler: lambda.IFunction, options: UploadHandlerOptions = {}): events.Rule {
    checkSuffix(this, 'addUploadHandler', options.suffix);
    const rule = this.uploadRule(this.handlerRuleId('UploadHandler', handler, 'addUploadHandler'), options.suffix,
      { target: lambdaTarget(handler, options.deadLetterQueue) });
    if (options.deadLetterQueue === undefined) acknowledgeNoDeadLetterQueue(rule);
    grantUploadProcessing(handler, this.uploadBucket, this.uploadPrefix, this.resultsBucket);
    return rule;
  }

  /**
   * Tells the Lambda function `handler` about every upload in which GuardDuty
   * found a threat: `onThreat` with the function as its target. The handler
   * gets no access to the upload. Needs `malwareProtection`.
   * @param handler the function that is told about infected uploads.
   * @param options where undeliverable events go.
   * @returns the EventBridge rule.
   */
  public addThreatHandler(handler: lambda.IFunction, options: ThreatHandlerOptions = {}): events.Rule {
    const rule = this.threatRule('addThreatHandler', this.handlerRuleId('ThreatHandler', handler, 'addThreatHandler'),
      { target: lambdaTarget(handler, options.deadLetterQueue) });
    if (options.deadLetterQueue === undefined) acknowledgeNoDeadLetterQueue(rule);
    return rule;
  }

  /**
   * Lets `grantee` read uploads: `s3:GetObject` under the upload prefix, and
   * `kms:Decrypt` on the construct's key with `UploadEncryption.kms()`. With
   * malware protection, the bucket policy still lets it read only uploads
   * found clean. For what an `onUpload` target runs: a state machine's role,
   * a queue consumer.
   * @param grantee the principal that reads uploads.
   */
  public grantReadUploads(grantee: iam.IGrantable): iam.Grant {
    return grantReadUploads(grantee, this.uploadBucket, this.uploadPrefix);
  }

  /**
   * Lets `grantee` call the presign endpoint with `PresignAuth.iam()`, the
   * default: `execute-api:Invoke` on its one route, `POST /uploads`, in its
   * `$default` stage. Grant it to the roles a Cognito identity pool gives its
   * guest and signed-in identities, whose credentials a page signs with
   * (docs/iam-auth.md). With other auth modes the route checks no IAM
   * permission, so the grant changes nothing.
   * @param grantee the principal whose SigV4-signed calls may presign.
   */
  public grantPresign(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.api.arnForExecuteApi('POST', PRESIGN_PATH, '$default')],
    });
  }

  /**
   * Lets `grantee` write result objects (`s3:PutObject`, plus
   * `kms:GenerateDataKey` when the buckets use KMS).
   * @param grantee the principal that writes results.
   */
  public grantWriteResults(grantee: iam.IGrantable): iam.Grant {
    return grantPutObjects(this.resultsBucket, grantee, '*');
  }

  /** The rule that sends new (or, with malware protection, clean) uploads to `target`. */
  private uploadRule(id: string, suffix: string | undefined, options: events.OnEventOptions): events.Rule {
    if (this.malwareProtectionPlan !== undefined) {
      return this.eventRule(id, `Sends uploads in ${this.node.path} that GuardDuty found clean to ${id}`,
        scanResultPattern(this.uploadBucket, this.uploadPrefix, ScanResult.CLEAN, suffix), options);
    }
    return this.eventRule(id, `Sends new uploads in ${this.node.path} to ${id}`,
      objectCreatedPattern(this.uploadBucket, this.uploadPrefix, suffix), options);
  }

  /** The rule that sends uploads in which GuardDuty found a threat to `target`. */
  private threatRule(method: string, id: string, options: events.OnEventOptions): events.Rule {
    if (this.malwareProtectionPlan === undefined) {
      throw new ValidationError(spellProp(method), `${spellProp('malwareProtection')} is not set, so nothing is scanned: `
        + `set ${spellProp('malwareProtection')} to MalwareProtection.guardDuty() in the props`, this);
    }
    return this.eventRule(id, `Sends uploads in ${this.node.path} in which GuardDuty found a threat to ${id}`,
      scanResultPattern(this.uploadBucket, this.uploadPrefix, ScanResult.INFECTED), options);
  }

  /**
   * A rule for `pattern` with CDK's rule options, as CDK's `onEvent` methods
   * apply them: `options.eventPattern` is merged into `pattern`, so it
   * narrows or extends what the rule matches.
   */
  private eventRule(id: string, defaultDescription: string, pattern: events.EventPattern, options: events.OnEventOptions): events.Rule {
    const rule = new events.Rule(this, id, {
      description: options.description ?? defaultDescription,
      ruleName: options.ruleName,
      crossStackScope: options.crossStackScope,
      eventPattern: pattern,
      targets: options.target === undefined ? undefined : [options.target],
    });
    if (options.eventPattern !== undefined) rule.addEventPattern(options.eventPattern);
    return rule;
  }

  /**
   * A Lambda convenience's rule id, from the function's path (below its stack
   * when that is this construct's), so it does not depend on the order of
   * calls: `UploadHandlerProcessor` for a function `Processor` of the stack.
   */
  private handlerRuleId(kind: string, handler: lambda.IFunction, method: string): string {
    const scopes = handler.node.scopes;
    const stackIndex = scopes.indexOf(Stack.of(handler));
    const below = Stack.of(handler) === Stack.of(this) ? scopes.slice(stackIndex + 1) : scopes.slice(stackIndex);
    const id = `${kind}${below.map((scope) => scope.node.id.replace(/[^A-Za-z0-9]/g, '')).join('')}`;
    const taken = this.handlerRules.get(id);
    if (taken !== undefined) {
      throw new ValidationError(spellProp(method), taken === handler.node.path
        ? `${handler.node.path} already gets these events: add each function once, or use ${spellProp('onUpload')} or ${spellProp('onThreat')} with an id of your own`
        : `${handler.node.path} and ${taken} would both name their rule ${id}: use ${spellProp('onUpload')} or ${spellProp('onThreat')} with an id of your own for one`,
      this);
    }
    this.handlerRules.set(id, handler.node.path);
    return id;
  }

  /** The customer managed key of `UploadEncryption.kms()` without a key, with rotation on. */
  private createEncryptionKey(removalPolicy: RemovalPolicy): kms.IKey {
    return new kms.Key(this, 'Key', {
      description: `Encrypts uploads and results of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
    });
  }
}

/** A key suffix for a rule: non-empty, and no wildcard (EventBridge's wildcard pattern would read it as one). */
function checkSuffix(scope: Construct, method: string, suffix: string | undefined): void {
  if (suffix !== undefined && !Token.isUnresolved(suffix) && (suffix === '' || /[*?]/.test(suffix))) {
    throw new ValidationError(spellProp(method), `suffix "${suffix}" must be non-empty and contain no "*" or "?": use e.g. ".png", or omit it`, scope);
  }
}
