import { Annotations, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFindings, logsOffReason } from './analyzer-acknowledgement';
import { SecureBucket } from './secure-bucket';
import type { UploadCors } from './upload-cors';
import type { ResultsDomainOptions } from '../presigned-upload-bucket-props';

/**
 * Content-Security-Policy for user content: a result opened directly in the
 * browser loads nothing, runs nothing and can't be framed.
 */
export const RESULTS_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * How long CloudFront caches a 403/404 from S3. Pages poll for results that
 * don't exist yet; CloudFront's default of 10 s would keep answering "missing"
 * after the result arrived. Without s3:ListBucket (deliberately not granted,
 * so keys can't be enumerated) S3 answers a missing key with 403, so both
 * codes are covered.
 */
export const ERROR_CACHING_TTL = Duration.seconds(0);

/** Props of {@link ResultsDistribution}. */
export interface ResultsDistributionProps {
  readonly cors: UploadCors;
  /** The construct's KMS key, with `UploadEncryption.kms()`. */
  readonly encryptionKey?: IKey;
  /** Whether the construct created `encryptionKey` (it serves only this construct's buckets). */
  readonly encryptionKeyOwned: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly serverAccessLogsBucket?: s3.IBucket;
  readonly priceClass: cloudfront.PriceClass;
  readonly resultsDomain?: ResultsDomainOptions;
  readonly distributionLogBucket?: s3.IBucket;
}

/** The private results bucket and the CloudFront distribution that serves it. */
export class ResultsDistribution extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: ResultsDistributionProps) {
    super(scope, id);
    const { cors, encryptionKey } = props;

    this.bucket = new SecureBucket(this, 'Bucket', {
      encryptionKey,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'results-bucket/',
      cors: cors.resultsBucketRules(),
      unversionedReason: 'Results are derived from uploads by your handlers and can be produced again; '
        + 'versioning would keep every overwritten result as a billed noncurrent version.',
    });

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: 'CORS and security headers for upload results',
      corsBehavior: cors.resultsCors(),
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: RESULTS_CONTENT_SECURITY_POLICY, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Results of browser uploads',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Only a custom certificate has a configurable security policy; the
      // default *.cloudfront.net certificate's is fixed by CloudFront.
      minimumProtocolVersion: props.resultsDomain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      priceClass: props.priceClass,
      domainNames: props.resultsDomain?.domainNames,
      certificate: props.resultsDomain?.certificate,
      enableLogging: props.distributionLogBucket !== undefined,
      logBucket: props.distributionLogBucket,
      logFilePrefix: props.distributionLogBucket ? 'cloudfront/' : undefined,
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, ttl: ERROR_CACHING_TTL })),
    });
    acknowledgeDistributionFindings(this.distribution, props);
    if (encryptionKey instanceof Key) {
      // The origin's OAC grants kms:Decrypt to every distribution of the
      // account (naming this one would make key, bucket and distribution
      // circular) and warns where the key is defined. Reads still need the
      // results bucket policy, which is scoped by AWS:SourceArn to this
      // distribution. The same holds for the construct's own key and for one
      // the user made in the stack, so both are acknowledged where CDK warns,
      // once the warning exists (aws-cdk-lib 2.168 drops only warnings already
      // added). An imported key's policy is not changed: CDK's other warning,
      // updateImportedKeyPolicyOac, stays, since its policy needs a statement.
      Annotations.of(encryptionKey.node.scope ?? scope).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        props.encryptionKeyOwned
          ? 'the results bucket policy limits reads to this distribution; the key encrypts only this construct\'s buckets'
          : 'CloudFront may decrypt with this key only for distributions of this account, and each of them reads only what its '
            + 'bucket\'s policy allows: the results bucket\'s names this distribution alone');
    }
  }
}

/**
 * What cdk-nag and checkov flag on the distribution that is a deliberate
 * choice. Logging and the TLS floor are acknowledged only while the user has
 * not asked for them (distributionLogBucket, resultsDomain).
 */
function acknowledgeDistributionFindings(distribution: cloudfront.Distribution, options: ResultsDistributionProps): void {
  const cfn = distribution.node.defaultChild as cloudfront.CfnDistribution;
  acknowledgeFindings(cfn,
    {
      cdkNag: ['AwsSolutions-CFR1'],
      reason: 'Results are private objects behind unguessable keys, served only through Origin Access Control; '
        + 'which countries may fetch them is an application decision, not a default.',
    },
    {
      cdkNag: ['AwsSolutions-CFR2'],
      checkov: ['CKV_AWS_68'],
      reason: 'The distribution serves read-only GET/HEAD of private objects with caching; '
        + 'a CloudFront web ACL must live in us-east-1 and is billed per rule, so attaching one is left to the application.',
    },
  );
  if (options.distributionLogBucket === undefined) {
    acknowledgeFindings(cfn, {
      cdkNag: ['AwsSolutions-CFR3'],
      checkov: ['CKV_AWS_86'],
      reason: logsOffReason('Access logs', 'distributionLogBucket'),
    });
  }
  if (options.resultsDomain === undefined) {
    acknowledgeFindings(cfn, {
      cdkNag: ['AwsSolutions-CFR4'],
      checkov: ['CKV_AWS_174'],
      reason: 'Without resultsDomain the distribution uses the default *.cloudfront.net certificate, '
        + 'whose security policy CloudFront fixes; with resultsDomain the construct sets TLSv1.2_2021.',
    });
  }
}
