import { Annotations, CfnElement, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultipartUpload, PresignAuth, PresignAuthType, PresignedUploadBucket, UploadEncryption, type PresignedUploadBucketProps } from '../src';
import { NODEJS_24, ORIGINS, makeStack, onlyResource } from './util';

function bucketWithCors(template: ReturnType<ReturnType<typeof makeStack>['template']>, method: string): any {
  return Object.values(template.findResources('AWS::S3::Bucket')).find((b: any) =>
    b.Properties.CorsConfiguration?.CorsRules.some((r: any) => r.AllowedMethods.includes(method)));
}
const uploadBucketOf = (t: any) => bucketWithCors(t, 'PUT');
const resultsBucketOf = (t: any) => bucketWithCors(t, 'GET');

/** The upload bucket's logical id and the statements of its bucket policy. */
function uploadBucketPolicy(t: any): { uploadBucketId: string; statements: any[] } {
  const uploadBucketId = Object.entries(t.findResources('AWS::S3::Bucket'))
    .find(([, b]: [string, any]) => b.Properties.CorsConfiguration?.CorsRules.some((r: any) => r.AllowedMethods.includes('PUT')))![0];
  const policy = Object.values(t.findResources('AWS::S3::BucketPolicy')).find((p: any) => p.Properties.Bucket.Ref === uploadBucketId) as any;
  return { uploadBucketId, statements: policy.Properties.PolicyDocument.Statement };
}

/** The headers a new upload signs (the pinned ones among them) and, with keys per caller, the caller's metadata. */
const NEW_UPLOAD_HEADERS = ['content-type', 'if-none-match', 'cache-control', 'content-disposition', 'content-encoding', 'x-amz-checksum-crc64nvme',
  'x-amz-meta-uploaded-by'];
/** What a multipart upload's start and completion sign besides: the checksum's algorithm and type, and the total size. */
const MULTIPART_HEADERS = ['x-amz-checksum-algorithm', 'x-amz-checksum-type', 'x-amz-mp-object-size'];

/** The upload bucket's CORS rule for single PUTs (and parts), with the default origins and max age. */
const PUT_RULE = {
  Id: 'BrowserPresignedPut',
  AllowedOrigins: ORIGINS,
  AllowedMethods: ['PUT'],
  AllowedHeaders: NEW_UPLOAD_HEADERS,
  ExposedHeaders: ['ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id'],
  MaxAge: 3600,
};

function warningsOf(stack: Stack): string[] {
  return AssertAnnotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
}

function statementsOf(template: any, roleRefPrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref.startsWith(roleRefPrefix)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('1. allowedOrigins is the one source of CORS truth', () => {
  test('upload bucket, API preflight and CloudFront policy allow exactly the same origins', () => {
    const t = makeStack().template();
    expect(uploadBucketOf(t).Properties.CorsConfiguration.CorsRules.flatMap((r: any) => r.AllowedOrigins)).toEqual(ORIGINS);
    expect(resultsBucketOf(t).Properties.CorsConfiguration.CorsRules.flatMap((r: any) => r.AllowedOrigins)).toEqual(ORIGINS);
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Api').Properties.CorsConfiguration.AllowOrigins).toEqual(ORIGINS);
    const policy = onlyResource(t, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig;
    expect(policy.CorsConfig.AccessControlAllowOrigins.Items).toEqual(ORIGINS);
  });

  test('the upload rule allows only PUT with exactly the signed headers, and exposes what clients read', () => {
    const rules = uploadBucketOf(makeStack().template()).Properties.CorsConfiguration.CorsRules;
    expect(rules).toEqual([PUT_RULE]);
  });

  test('with KMS, the upload rule also allows the two SSE-KMS headers the PUT signs', () => {
    const rules = uploadBucketOf(makeStack({ encryption: UploadEncryption.kms() }).template()).Properties.CorsConfiguration.CorsRules;
    expect(rules[0].AllowedHeaders).toEqual([...NEW_UPLOAD_HEADERS, 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']);
  });

  test('without callers (none()), nothing records a caller, so the rule does not allow its header', () => {
    const rules = uploadBucketOf(makeStack({ auth: PresignAuth.none() }).template()).Properties.CorsConfiguration.CorsRules;
    expect(rules[0].AllowedHeaders).toEqual(NEW_UPLOAD_HEADERS.filter((h) => h !== 'x-amz-meta-uploaded-by'));
  });

  test('the API preflight allows POST with the headers of JSON and SigV4 requests', () => {
    const cors = onlyResource(makeStack().template(), 'AWS::ApiGatewayV2::Api').Properties.CorsConfiguration;
    expect(cors).toEqual({
      AllowOrigins: ORIGINS,
      AllowMethods: ['POST'],
      AllowHeaders: ['content-type', 'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
      MaxAge: 3600,
    });
  });

  test('corsMaxAge sets every preflight cache age', () => {
    const t = makeStack({ corsMaxAge: Duration.minutes(10) }).template();
    expect(uploadBucketOf(t).Properties.CorsConfiguration.CorsRules[0].MaxAge).toBe(600);
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Api').Properties.CorsConfiguration.MaxAge).toBe(600);
    expect(onlyResource(t, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig.CorsConfig.AccessControlMaxAgeSec).toBe(600);
  });

  test('a subdomain wildcard stays exact on S3, is widened where it cannot be expressed, and warns', () => {
    const { stack, template } = makeStack({ allowedOrigins: ['https://*.example.com', 'https://app.other.com'] });
    const t = template();
    expect(uploadBucketOf(t).Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://*.example.com', 'https://app.other.com']);
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Api').Properties.CorsConfiguration.AllowOrigins).toEqual(['https://*', 'https://app.other.com']);
    expect(onlyResource(t, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins.Items).toEqual(['*']);
    expect(warningsOf(stack).join('\n')).toContain('[ack: cdk-presigned-upload:wildcardOriginWidened]');
  });

  test('allowAnyOrigin puts "*" everywhere and warns', () => {
    const { stack, template } = makeStack({ allowAnyOrigin: true, allowedOrigins: ['*'] });
    const t = template();
    expect(uploadBucketOf(t).Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['*']);
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Api').Properties.CorsConfiguration.AllowOrigins).toEqual(['*']);
    expect(warningsOf(stack).join('\n')).toContain('[ack: cdk-presigned-upload:anyOrigin]');
  });

  test('the default configuration has no warnings', () => {
    expect(warningsOf(makeStack().stack)).toEqual([]);
  });
});

describe('2. upload bucket', () => {
  test('is write-once under the upload prefix: any PutObject without If-None-Match is denied, for every principal', () => {
    for (const [props, prefix] of [[{}, 'uploads/'], [{ uploadPrefix: 'in/coming/' }, 'in/coming/'], [{ uploadPrefix: '' }, '']] as const) {
      const { uploadBucketId, statements } = uploadBucketPolicy(makeStack(props).template());
      const denies = statements.filter((st: any) => st.Effect === 'Deny' && st.Sid !== undefined);
      expect(denies).toEqual([{
        Sid: 'DenyUploadsThatMayOverwrite',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadBucketId, 'Arn'] }, `/${prefix}*`]] },
        Condition: { Null: { 's3:if-none-match': 'true' } },
      }]);
    }
  });

  test('the results bucket has no write-once rule: results may be produced again', () => {
    const t = makeStack().template();
    const statements = Object.values(t.findResources('AWS::S3::BucketPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((st: any) => JSON.stringify(st).includes('if-none-match'))).toHaveLength(1);
  });

  test('is private, TLS-only, ACL-free and SSE-S3 encrypted by default', () => {
    const { template } = makeStack();
    const t = template();
    const bucket = uploadBucketOf(t);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    const policies = Object.values(t.findResources('AWS::S3::BucketPolicy')).map((p: any) => JSON.stringify(p.Properties.PolicyDocument));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy).toContain('"aws:SecureTransport":"false"');
      expect(policy).toContain('"s3:TlsVersion":1.2');
    }
  });

  test('aborts incomplete multipart uploads after a day and keeps uploads by default', () => {
    const rules = uploadBucketOf(makeStack().template()).Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual([{ Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }]);
  });

  test('expireUploadsAfter expires uploads under the prefix', () => {
    const rules = uploadBucketOf(makeStack({ expireUploadsAfter: Duration.days(30), uploadPrefix: 'in/' }).template()).Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({ Id: 'ExpireUploads', Prefix: 'in/', ExpirationInDays: 30, Status: 'Enabled' });
  });

  test('sends object events to EventBridge natively, with no notification custom resource', () => {
    const t = makeStack().template();
    expect(uploadBucketOf(t).Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(t.findResources('Custom::S3BucketNotifications')).toEqual({});
  });

  test('removalPolicy DESTROY with autoDeleteObjects empties and deletes both buckets', () => {
    const t = makeStack({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }).template();
    for (const bucket of [uploadBucketOf(t), resultsBucketOf(t)]) expect(bucket.DeletionPolicy).toBe('Delete');
    expect(Object.keys(t.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(2);
  });

  test('server access logs go to the given bucket', () => {
    const { template } = makeStack((stack) => ({ serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'my-logs') }));
    const t = template();
    expect(uploadBucketOf(t).Properties.LoggingConfiguration).toEqual({ DestinationBucketName: 'my-logs', LogFilePrefix: 'upload-bucket/' });
    expect(resultsBucketOf(t).Properties.LoggingConfiguration).toEqual({ DestinationBucketName: 'my-logs', LogFilePrefix: 'results-bucket/' });
  });

  test('UploadEncryption.kms() creates a rotating key and uses it with a Bucket Key on both buckets', () => {
    const { uploads, template } = makeStack({ encryption: UploadEncryption.kms() });
    const t = template();
    expect(onlyResource(t, 'AWS::KMS::Key').Properties.EnableKeyRotation).toBe(true);
    for (const bucket of [uploadBucketOf(t), resultsBucketOf(t)]) {
      const rule = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
      expect(rule.ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] });
      expect(rule.BucketKeyEnabled).toBe(true);
    }
    expect(uploads.encryptionKey).toBeDefined();
  });

  test('UploadEncryption.kms(key) uses the given key', () => {
    let key: kms.Key | undefined;
    const { uploads, template } = makeStack((stack) => {
      key = new kms.Key(stack, 'MyKey');
      return { encryption: UploadEncryption.kms(key) };
    });
    expect(uploads.encryptionKey).toBe(key);
    const rule = uploadBucketOf(template()).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(rule.ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^MyKey/), 'Arn'] });
  });

  test('addUploadHandler routes new uploads under the prefix to the handler with least privilege', () => {
    const { stack, uploads, template } = makeStack();
    const fn = new lambda.Function(stack, 'Processor', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    const rule = uploads.addUploadHandler(fn, { suffix: '.png' });
    const t = template();
    expect(Object.keys(t.findResources('AWS::Events::Rule'))).toEqual([stack.getLogicalId(rule.node.defaultChild as CfnElement)]);
    const pattern = onlyResource(t, 'AWS::Events::Rule').Properties.EventPattern;
    expect(pattern).toEqual({
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': { bucket: { name: [{ Ref: expect.stringMatching(/^UploadsUploadBucket/) }] }, object: { key: [{ wildcard: 'uploads/*.png' }] } },
    });
    expect(statementsOf(t, 'ProcessorServiceRole')).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] },
      },
      {
        Action: 's3:PutObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsResultsBucket/), 'Arn'] }, '/*']] },
      },
    ]);
  });

  test('addUploadHandler with KMS lets the handler decrypt uploads and encrypt results, nothing more', () => {
    const { stack, uploads, template } = makeStack({ encryption: UploadEncryption.kms() });
    const fn = new lambda.Function(stack, 'Processor', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    uploads.addUploadHandler(fn);
    expect(statementsOf(template(), 'ProcessorServiceRole').map((s) => s.Action)).toEqual(['s3:GetObject', 'kms:Decrypt', 's3:PutObject', 'kms:GenerateDataKey']);
  });

  test('addUploadHandler without a suffix matches the prefix, and refuses wildcard suffixes', () => {
    const { stack, uploads, template } = makeStack();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    uploads.addUploadHandler(fn);
    expect(onlyResource(template(), 'AWS::Events::Rule').Properties.EventPattern.detail.object).toEqual({ key: [{ prefix: 'uploads/' }] });
    expect(() => uploads.addUploadHandler(fn, { suffix: '*.png' })).toThrow('addUploadHandler at path [TestStack/Uploads]: suffix "*.png" must be non-empty and contain no "*" or "?"');
  });
});

describe('3. results bucket', () => {
  test('is private with the same protections and readable only by this distribution (OAC + AWS:SourceArn)', () => {
    const t = makeStack().template();
    const bucket = resultsBucketOf(t);
    expect(bucket.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(bucket.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerEnforced');
    expect(onlyResource(t, 'AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4',
    });
    const statements = Object.values(t.findResources('AWS::S3::BucketPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const read = statements.find((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read.Action).toBe('s3:GetObject');
    expect(read.Condition).toEqual({ StringEquals: { 'AWS:SourceArn': expect.anything() } });
    expect(JSON.stringify(read.Condition)).toContain('distribution/');
    expect(statements.some((s: any) => [s.Action].flat().includes('s3:ListBucket'))).toBe(false);
  });

  test('with KMS, CloudFront of this account may decrypt, and reads stay limited to this distribution', () => {
    const { stack, template } = makeStack({ encryption: UploadEncryption.kms() });
    const t = template();
    const statements = onlyResource(t, 'AWS::KMS::Key').Properties.KeyPolicy.Statement;
    const cloudfront = statements.find((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect([cloudfront.Action].flat()).toContain('kms:Decrypt');
    expect(cloudfront.Condition).toEqual({
      ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/*']] } },
    });
    const read = Object.values(t.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .find((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(JSON.stringify(read.Condition.StringEquals['AWS:SourceArn'])).toContain('UploadsResultsDistribution');
    // CDK's wildcard-key-policy warning is acknowledged for the key the construct owns.
    expect(warningsOf(stack)).toEqual([]);
  });

  test('with an imported KMS key, CDK\'s warning to update its key policy reaches the user', () => {
    const { stack } = makeStack((s) => ({ encryption: UploadEncryption.kms(kms.Key.fromKeyArn(s, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')) }));
    expect(warningsOf(stack).join('\n')).toContain('[ack: @aws-cdk/aws-cloudfront-origins:updateImportedKeyPolicyOac]');
  });

  test('grantWriteResults grants s3:PutObject (and GenerateDataKey with KMS) only', () => {
    const { stack, uploads, template } = makeStack({ encryption: UploadEncryption.kms() });
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    uploads.grantWriteResults(role);
    const statements = statementsOf(template(), 'Writer');
    expect(statements.map((s) => s.Action)).toEqual(['s3:PutObject', 'kms:GenerateDataKey']);
  });
});

describe('4. CloudFront', () => {
  test('HTTPS only, HTTP/2 and HTTP/3, GET/HEAD/OPTIONS, response headers policy attached', () => {
    const t = makeStack().template();
    const config = onlyResource(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.PriceClass).toBe('PriceClass_100');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/ResponseHeaders/) },
      Compress: true,
    });
  });

  test('does not cache missing results: 403 and 404 have an error-caching TTL of 0', () => {
    const config = onlyResource(makeStack().template(), 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ErrorCachingMinTTL: 0 },
    ]);
  });

  test('the response headers policy sets CORS for reads and security headers for user content', () => {
    const config = onlyResource(makeStack().template(), 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig;
    expect(config.CorsConfig).toMatchObject({
      AccessControlAllowMethods: { Items: ['GET', 'HEAD', 'OPTIONS'] },
      AccessControlAllowCredentials: false,
      AccessControlExposeHeaders: { Items: ['ETag', 'Content-Range', 'Accept-Ranges'] },
      AccessControlMaxAgeSec: 3600,
      OriginOverride: true,
    });
    expect(config.SecurityHeadersConfig).toEqual({
      ContentTypeOptions: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; sandbox", Override: true },
    });
  });

  test('a custom domain uses the certificate with TLS 1.2 (2021) and becomes the results URL', () => {
    const { uploads, template } = makeStack((stack) => ({
      resultsDomain: {
        domainNames: ['files.example.com'],
        certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc'),
      },
      priceClass: PriceClass.PRICE_CLASS_ALL,
    }));
    const config = onlyResource(template(), 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['files.example.com']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(config.PriceClass).toBe('PriceClass_All');
    expect(uploads.resultsBaseUrl).toBe('https://files.example.com/');
  });

  test('access logging goes to the given bucket', () => {
    const { template } = makeStack((stack) => ({ distributionLogBucket: s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'cf-logs', region: 'eu-west-1' }) }));
    const config = onlyResource(template(), 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(config.Logging).toEqual({ Bucket: 'cf-logs.s3.eu-west-1.amazonaws.com', Prefix: 'cloudfront/' });
  });
});

describe('5. presign endpoint', () => {
  test('POST /uploads is the only route, behind IAM by default; preflight is answered by API Gateway', () => {
    const t = makeStack().template();
    const route = onlyResource(t, 'AWS::ApiGatewayV2::Route');
    expect(route.Properties.RouteKey).toBe('POST /uploads');
    expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Integration').Properties.PayloadFormatVersion).toBe('2.0');
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Api').Properties.Name).toMatch(/^TestStack-Uploads-Endpoint-[0-9A-F]{8}$/);
  });

  test('the $default stage throttles and writes JSON access logs', () => {
    const t = makeStack().template();
    const stage = onlyResource(t, 'AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/AccessLogs/), 'Arn'] });
    expect(Object.keys(JSON.parse(stage.AccessLogSettings.Format))).toEqual(expect.arrayContaining(['requestId', 'status', 'routeKey', 'ip']));
  });

  test('throttling takes CDK\'s ThrottleSettings; a field left out keeps its default', () => {
    const stageOf = (props: Partial<PresignedUploadBucketProps>) =>
      onlyResource(makeStack(props).template(), 'AWS::ApiGatewayV2::Stage').Properties;
    expect(stageOf({ throttle: { rateLimit: 5, burstLimit: 10 } }).DefaultRouteSettings)
      .toEqual({ ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 });
    expect(stageOf({ throttle: { rateLimit: 5 } }).DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 5 });
    expect(stageOf({ throttle: {} }).DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
    expect([PresignedUploadBucket.DEFAULT_THROTTLE_RATE_LIMIT, PresignedUploadBucket.DEFAULT_THROTTLE_BURST_LIMIT]).toEqual([50, 100]);
  });

  test('JWT auth uses the issuer and audience and keys uploads by subject', () => {
    const { template } = makeStack({ auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web-client'] }) });
    const t = template();
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Authorizer').Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: ['web-client'], Issuer: 'https://idp.example.com/' },
    });
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Route').Properties.AuthorizationType).toBe('JWT');
    expect(onlyResource(t, 'AWS::Lambda::Function').Properties.Environment.Variables.UPLOAD_CALLER_SOURCE).toBe('jwt');
  });

  test('Cognito auth trusts the user pool and its clients', () => {
    let auth: PresignAuth | undefined;
    const { template } = makeStack((stack) => {
      const userPool = new cognito.UserPool(stack, 'Pool');
      auth = PresignAuth.cognito({ userPool, userPoolClients: [userPool.addClient('Web')] });
      return { auth };
    });
    expect(auth!.authType).toBe(PresignAuthType.JWT);
    expect(auth!.keysByCaller).toBe(true);
    const authorizer = onlyResource(template(), 'AWS::ApiGatewayV2::Authorizer').Properties;
    expect(JSON.stringify(authorizer.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: expect.stringMatching(/^PoolWeb/) }]);
  });

  test('keysByCaller: every auth mode but none() has a caller', () => {
    expect(PresignAuth.iam().keysByCaller).toBe(true);
    expect(PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['web'] }).keysByCaller).toBe(true);
    expect(PresignAuth.none().keysByCaller).toBe(false);
  });

  test('none() leaves the route open and warns that the endpoint is public', () => {
    const { stack, template } = makeStack({ auth: PresignAuth.none() });
    const t = template();
    expect(onlyResource(t, 'AWS::ApiGatewayV2::Route').Properties.AuthorizationType).toBe('NONE');
    expect(onlyResource(t, 'AWS::Lambda::Function').Properties.Environment.Variables.UPLOAD_CALLER_SOURCE).toBeUndefined();
    expect(warningsOf(stack)).toEqual([expect.stringContaining('[ack: cdk-presigned-upload:publicPresignEndpoint]')]);
  });

  test('the public-endpoint warning can be acknowledged by its id', () => {
    const { stack, uploads } = makeStack({ auth: PresignAuth.none() });
    Annotations.of(uploads).acknowledgeWarning('cdk-presigned-upload:publicPresignEndpoint', 'demo stack');
    expect(warningsOf(stack)).toEqual([]);
  });

  test('the endpoint URL is the stage URL plus uploads', () => {
    const { stack, uploads } = makeStack();
    expect(stack.resolve(uploads.presignEndpointUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/Api/) }, '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/uploads']],
    });
  });
});

describe('6. presign function', () => {
  test('runs the bundled handler on Node.js 22, arm64, with its configuration', () => {
    const fn = onlyResource(makeStack().template(), 'AWS::Lambda::Function').Properties;
    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Environment.Variables).toEqual({
      UPLOAD_BUCKET: { Ref: expect.stringMatching(/^UploadsUploadBucket/) },
      UPLOAD_KEY_PREFIX: 'uploads/',
      UPLOAD_CALLER_SOURCE: 'iam',
      // Resolved by CloudFormation at deployment: the template holds no secret.
      UPLOAD_CALLER_KEY: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: expect.stringMatching(/^UploadsPresignFunctionCallerKey/) }, ':SecretString:::}}']] },
      UPLOAD_MAX_BYTES: '104857600',
      UPLOAD_EXPIRES_SECONDS: '900',
      UPLOAD_URL_SUFFIX: { Ref: 'AWS::URLSuffix' },
    });
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
  });

  test('presignRuntime chooses a newer Node.js runtime, and the acknowledgements name it', () => {
    const t = makeStack({ presignRuntime: NODEJS_24 }).template();
    const fn = onlyResource(t, 'AWS::Lambda::Function');
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    const reasons = fn.Metadata.cdk_nag.rules_to_suppress.filter((r: any) => ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'].includes(r.id));
    expect(reasons.map((r: any) => r.reason)).toEqual([expect.stringContaining('nodejs24.x, chosen with presignRuntime'), expect.stringContaining('nodejs24.x, chosen with presignRuntime')]);
    const defaults = onlyResource(makeStack().template(), 'AWS::Lambda::Function').Metadata.cdk_nag.rules_to_suppress;
    expect(defaults.find((r: any) => r.id === 'AwsSolutions-L1').reason).toContain('nodejs22.x, the default');
  });

  test.each([
    [new lambda.Runtime('nodejs20.x', lambda.RuntimeFamily.NODEJS), 'presignRuntime is nodejs20.x: the bundled handler is built for Node.js 22, use Runtime.NODEJS_22_X or newer'],
    [lambda.Runtime.NODEJS_18_X, 'presignRuntime is nodejs18.x: the bundled handler is built for Node.js 22'],
    [lambda.Runtime.PYTHON_3_12, 'presignRuntime is python3.12: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime'],
  ])('presignRuntime %s is refused', (runtime, message) => {
    expect(() => makeStack({ presignRuntime: runtime })).toThrow(message);
  });

  test('passes limits, content types and the KMS key to the handler', () => {
    const t = makeStack({
      maxUploadSize: Size.mebibytes(5),
      presignExpiry: Duration.minutes(5),
      allowedContentTypes: ['image/*', 'Application/PDF'],
      uploadPrefix: 'in/',
      encryption: UploadEncryption.kms(),
      presignReservedConcurrency: 7,
    }).template();
    const fn = onlyResource(t, 'AWS::Lambda::Function').Properties;
    expect(fn.Environment.Variables).toMatchObject({
      UPLOAD_KEY_PREFIX: 'in/',
      UPLOAD_MAX_BYTES: '5242880',
      UPLOAD_EXPIRES_SECONDS: '300',
      UPLOAD_ALLOWED_CONTENT_TYPES: '["image/*","application/pdf"]',
      UPLOAD_KMS_KEY_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] },
    });
    expect(fn.ReservedConcurrentExecutions).toBe(7);
  });

  test('may only write its own logs and s3:PutObject under the upload prefix: no s3:*, no Abort*, nothing else', () => {
    const t = makeStack().template();
    expect(statementsOf(t, 'UploadsPresignFunction')).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsPresignFunctionLogs/), 'Arn'] },
      },
      {
        Action: 's3:PutObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] },
      },
    ]);
    // Its own role, without the AWSLambdaBasicExecutionRole managed policy (logs:CreateLogGroup, any log group).
    const role: any = Object.values(t.findResources('AWS::IAM::Role')).find((r: any) => r.Properties.Description?.startsWith('Presign function'));
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('with KMS it may also kms:GenerateDataKey on the key, and nothing more', () => {
    const statements = statementsOf(makeStack({ encryption: UploadEncryption.kms() }).template(), 'UploadsPresignFunction');
    expect(statements.map((s) => s.Action)).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], 's3:PutObject', 'kms:GenerateDataKey']);
  });

  test('logs to its own log group with the configured retention', () => {
    const t = makeStack({ logRetention: RetentionDays.ONE_MONTH }).template();
    const fn = onlyResource(t, 'AWS::Lambda::Function').Properties;
    expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/PresignFunctionLogs/) });
    const groups = Object.values(t.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((g: any) => g.Properties.RetentionInDays)).toEqual([30, 30]);
  });

  test('records its cfn-lint acknowledgement of the L2 role DependsOn (W3005)', () => {
    const fn: any = onlyResource(makeStack().template(), 'AWS::Lambda::Function');
    expect(fn.Metadata['cfn-lint']).toEqual({ config: { ignore_checks: ['W3005'] } });
  });
});

describe('public handles', () => {
  test('expose the parts for composition', () => {
    const { stack, uploads } = makeStack();
    const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    expect(logicalId(uploads.uploadBucket)).toMatch(/^UploadsUploadBucket/);
    expect(logicalId(uploads.resultsBucket)).toMatch(/^UploadsResultsBucket/);
    expect(logicalId(uploads.presignFunction)).toMatch(/^UploadsPresignFunction/);
    expect(logicalId(uploads.api)).toMatch(/^UploadsEndpointApi/);
    expect(logicalId(uploads.distribution)).toMatch(/^UploadsResultsDistribution/);
    expect(uploads.uploadPrefix).toBe('uploads/');
    expect(uploads.encryptionKey).toBeUndefined();
  });
});

describe('both buckets record why they are unversioned and, until a log bucket is given, unlogged', () => {
  test('without a log bucket: CKV_AWS_21, and AwsSolutions-S1 with CKV_AWS_18 for the missing access logs, each with its reason', () => {
    const t = makeStack().template();
    for (const bucket of [uploadBucketOf(t), resultsBucketOf(t)]) {
      expect(bucket.Metadata.checkov.skip.map((s: any) => s.id)).toEqual(['CKV_AWS_21', 'CKV_AWS_18']);
      expect(bucket.Metadata.checkov.skip[0].comment.length).toBeGreaterThan(40);
      expect(bucket.Metadata.checkov.skip[1].comment).toBe('Server access logs are written when serverAccessLogsBucket is set; the log bucket is an account-wide choice, '
        + 'so the construct takes yours instead of creating one per instance. CloudTrail S3 data events are the alternative.');
      expect(bucket.Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id)).toEqual(['AwsSolutions-S1']);
      expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
    }
  });

  test('with a log bucket: the logs are on and only the versioning choice is acknowledged', () => {
    const t = makeStack((stack) => ({ serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs-111122223333') })).template();
    for (const bucket of [uploadBucketOf(t), resultsBucketOf(t)]) {
      expect(bucket.Metadata.checkov.skip.map((s: any) => s.id)).toEqual(['CKV_AWS_21']);
      expect(bucket.Metadata.cdk_nag).toBeUndefined();
      expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toBe('access-logs-111122223333');
    }
  });

  test('each bucket\'s CORS rule is named for what it allows', () => {
    const t = makeStack().template();
    expect(uploadBucketOf(t).Properties.CorsConfiguration.CorsRules.map((r: any) => r.Id)).toEqual(['BrowserPresignedPut']);
    expect(resultsBucketOf(t).Properties.CorsConfiguration.CorsRules.map((r: any) => r.Id)).toEqual(['BrowserReadResults']);
  });

  test('subdomain wildcards widen to one scheme wildcard for the API, listed once', () => {
    const t = makeStack({ allowedOrigins: ['https://*.a.example.com', 'https://*.b.example.com', 'https://app.example.com'] }).template();
    const api = Object.values(t.findResources('AWS::ApiGatewayV2::Api'))[0] as any;
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual(['https://*', 'https://app.example.com']);
  });

  test('the results rule allows the conditional and range headers a page may send when it reads results, and nothing else', () => {
    const [rule] = resultsBucketOf(makeStack().template()).Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedHeaders).toEqual(['Range', 'If-None-Match', 'If-Modified-Since']);
    expect(rule.AllowedMethods).toEqual(['GET', 'HEAD']);
  });

  test('only the upload bucket sends EventBridge notifications, natively (no custom resource)', () => {
    const t = makeStack().template();
    expect(uploadBucketOf(t).Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(resultsBucketOf(t).Properties.NotificationConfiguration).toBeUndefined();
    t.resourceCountIs('Custom::S3BucketNotifications', 0);
  });
});

describe('multipart uploads', () => {
  const BIG = { maxUploadSize: Size.tebibytes(5) };

  const uploadPolicyDenies = (t: any): any[] => uploadBucketPolicy(t).statements.filter((st: any) => st.Sid === 'DenyUploadsThatMayOverwrite');

  test('CORS: a second rule allows exactly POST, GET and DELETE with the signed headers; the PUT rule is unchanged', () => {
    const rules = uploadBucketOf(makeStack(BIG).template()).Properties.CorsConfiguration.CorsRules;
    expect(rules).toEqual([
      PUT_RULE,
      {
        Id: 'BrowserMultipartUpload',
        AllowedOrigins: ORIGINS,
        AllowedMethods: ['POST', 'GET', 'DELETE'],
        AllowedHeaders: [...NEW_UPLOAD_HEADERS, ...MULTIPART_HEADERS],
        ExposedHeaders: ['ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id'],
        MaxAge: 3600,
      },
    ]);
    const kmsRules = uploadBucketOf(makeStack({ ...BIG, encryption: UploadEncryption.kms() }).template()).Properties.CorsConfiguration.CorsRules;
    expect(kmsRules[1].AllowedHeaders).toEqual([...NEW_UPLOAD_HEADERS,
      'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', ...MULTIPART_HEADERS]);
  });

  test('off (the default at 100 MiB, or disabled): one PUT rule, and nothing more', () => {
    for (const props of [{}, { maxUploadSize: Size.gibibytes(5), multipartUpload: MultipartUpload.disabled() }]) {
      const rules = uploadBucketOf(makeStack(props).template()).Properties.CorsConfiguration.CorsRules;
      expect(rules.map((r: any) => [r.Id, r.AllowedMethods])).toEqual([['BrowserPresignedPut', ['PUT']]]);
    }
  });

  test('the presign role may also list the parts of and abort uploads under the prefix, and nothing more', () => {
    const statements = statementsOf(makeStack(BIG).template(), 'UploadsPresignFunction');
    expect(statements.slice(1)).toEqual([
      {
        Action: 's3:PutObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] },
      },
      {
        Action: ['s3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsUploadBucket/), 'Arn'] }, '/uploads/*']] },
      },
    ]);
  });

  test('with KMS it may also kms:Decrypt, which S3 needs to complete an SSE-KMS multipart upload', () => {
    const statements = statementsOf(makeStack({ ...BIG, encryption: UploadEncryption.kms() }).template(), 'UploadsPresignFunction');
    expect(statements.map((s) => s.Action)).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], 's3:PutObject', 'kms:GenerateDataKey',
      ['s3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], 'kms:Decrypt']);
  });

  test('the write-once rule exempts the start and the parts (s3:ObjectCreationOperation false), never the completion', () => {
    // BoolIfExists: a write without the key is denied too (see the policy evaluation in write-once.test.ts).
    expect(uploadPolicyDenies(makeStack(BIG).template())[0].Condition).toEqual({
      Null: { 's3:if-none-match': 'true' },
      BoolIfExists: { 's3:ObjectCreationOperation': 'true' },
    });
    expect(uploadPolicyDenies(makeStack().template())[0].Condition).toEqual({ Null: { 's3:if-none-match': 'true' } });
  });

  test('the handler gets the threshold, the part size and the maximum', () => {
    const multipartUpload = MultipartUpload.enabled({ threshold: Size.mebibytes(64), partSize: Size.mebibytes(16) });
    const vars = onlyResource(makeStack({ ...BIG, multipartUpload }).template(), 'AWS::Lambda::Function').Properties.Environment.Variables;
    expect([vars.UPLOAD_MAX_BYTES, vars.UPLOAD_MULTIPART_THRESHOLD, vars.UPLOAD_MULTIPART_PART_SIZE]).toEqual(['5497558138880', '67108864', '16777216']);
    const largest = onlyResource(makeStack({ maxUploadSize: Size.bytes(53_687_091_200_000) }).template(), 'AWS::Lambda::Function')
      .Properties.Environment.Variables;
    expect([largest.UPLOAD_MAX_BYTES, largest.UPLOAD_MULTIPART_THRESHOLD, largest.UPLOAD_MULTIPART_PART_SIZE])
      .toEqual(['53687091200000', '104857600', '67108864']);
    const off = onlyResource(makeStack().template(), 'AWS::Lambda::Function').Properties.Environment.Variables;
    expect([off.UPLOAD_MULTIPART_THRESHOLD, off.UPLOAD_MULTIPART_PART_SIZE]).toEqual([undefined, undefined]);
  });

  test('the lifecycle rule that aborts incomplete multipart uploads after a day stays', () => {
    const rules = uploadBucketOf(makeStack(BIG).template()).Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({ Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' });
  });
});

describe('grantPresign', () => {
  test('gives a role execute-api:Invoke on POST /uploads of the $default stage, and nothing else', () => {
    const { stack, uploads, template } = makeStack();
    const guests = new iam.Role(stack, 'GuestRole', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:AssumeRoleWithWebIdentity') });
    uploads.grantPresign(guests);
    const policy = Object.values(template().findResources('AWS::IAM::Policy'))
      .find((p: any) => JSON.stringify(p.Properties.Roles).includes('GuestRole')) as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:eu-west-1:111122223333:',
          { Ref: stack.getLogicalId(uploads.api.node.defaultChild as CfnElement) }, '/$default/POST/uploads']],
      },
    }]);
  });
});

describe('a KMS key for the buckets and CloudFront\'s wildcard key policy', () => {
  const WILDCARD = '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac';
  const warningIds = (stack: Stack) => AssertAnnotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data));

  test.each([
    ['the construct\'s own key', () => UploadEncryption.kms()],
    ['a key the user made in the same stack', (stack: Stack) => UploadEncryption.kms(new kms.Key(stack, 'MyKey'))],
  ])('%s: the warning is acknowledged where CDK raises it', (_case, encryption) => {
    const { stack } = makeStack((s) => ({ encryption: encryption(s) }));
    expect(warningIds(stack).filter((w) => w.includes(WILDCARD))).toEqual([]);
  });

  test('an imported key: CDK\'s warning that its policy needs a statement by hand stays', () => {
    const { stack } = makeStack((s) => ({
      encryption: UploadEncryption.kms(kms.Key.fromKeyArn(s, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/12345678-1234-1234-1234-123456789012')),
    }));
    expect(warningIds(stack).some((w) => w.includes('updateImportedKeyPolicyOac'))).toBe(true);
  });
});

describe('transferAcceleration', () => {
  test('enables the upload bucket\'s acceleration and tells the function; the CORS rules and the results bucket stay as they are', () => {
    const plain = makeStack({}).template();
    const accelerated = makeStack({ transferAcceleration: true }).template();
    expect(uploadBucketOf(accelerated).Properties.AccelerateConfiguration).toEqual({ AccelerationStatus: 'Enabled' });
    expect(uploadBucketOf(plain).Properties.AccelerateConfiguration).toBeUndefined();
    expect(resultsBucketOf(accelerated).Properties.AccelerateConfiguration).toBeUndefined();
    expect(uploadBucketOf(accelerated).Properties.CorsConfiguration).toEqual(uploadBucketOf(plain).Properties.CorsConfiguration);
    const environmentOf = (t: any) => (Object.values(t.findResources('AWS::Lambda::Function'))[0] as any).Properties.Environment.Variables;
    expect(environmentOf(accelerated).UPLOAD_TRANSFER_ACCELERATION).toBe('true');
    expect(environmentOf(plain).UPLOAD_TRANSFER_ACCELERATION).toBeUndefined();
  });
});
