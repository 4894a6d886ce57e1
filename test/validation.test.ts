import { App, Duration, Lazy, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { MalwareProtection, MultipartUpload, PresignAuth, PresignedUploadBucket, type PresignedUploadBucketProps } from '../src';
import { ORIGINS } from './util';

function build(props: Partial<PresignedUploadBucketProps>) {
  const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
  return () => new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, ...props });
}

describe('props validation: one error naming the prop, the value and the fix', () => {
  test('the error is a ValidationError that carries the construct\'s path, in its message and as constructPath', () => {
    let error: any;
    try {
      build({ uploadPrefix: 'x' })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.constructPath, error.type]).toEqual(['ValidationError', 'S/Uploads', 'validation']);
    expect(error.message.split('\n')[0]).toBe('Invalid PresignedUploadBucket props at path [S/Uploads]:');
    // aws-cdk-lib 2.168 (the floor) has no public Errors class; test:compat runs
    // this against a newer aws-cdk-lib, whose Errors.isValidationError must say yes.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Errors } = require('aws-cdk-lib');
    if (Errors !== undefined) expect(Errors.isValidationError(error)).toBe(true);
  });

  test.each<[string, Partial<PresignedUploadBucketProps>, string]>([
    ['empty origins', { allowedOrigins: [] }, 'allowedOrigins is empty: list the origins of the pages that upload, e.g. ["https://app.example.com"]'],
    ['trailing slash', { allowedOrigins: ['https://app.example.com/'] }, 'allowedOrigins entry "https://app.example.com/" has a trailing slash: an origin has no path, write "https://app.example.com"'],
    ['path', { allowedOrigins: ['https://app.example.com/app'] }, 'allowedOrigins entry "https://app.example.com/app" has a path: an origin is scheme, host and port only, write "https://app.example.com"'],
    ['http on a public host', { allowedOrigins: ['http://app.example.com'] }, 'allowedOrigins entry "http://app.example.com" uses http: only localhost, 127.0.0.1 and [::1] may use http, write "https://app.example.com"'],
    ['duplicate', { allowedOrigins: ['https://a.example.com', 'https://a.example.com'] }, 'allowedOrigins lists "https://a.example.com" twice: remove the duplicate'],
    ['bare star', { allowedOrigins: ['*'] }, 'allowedOrigins entry "*" is a bare "*": set allowAnyOrigin to true to allow every origin, or list the origins'],
    ['allowAnyOrigin without star', { allowAnyOrigin: true }, 'allowAnyOrigin is true but allowedOrigins is ["https://app.example.com","http://localhost:5173"]: set allowedOrigins to ["*"], or drop allowAnyOrigin and list the origins'],
    ['star with others', { allowAnyOrigin: true, allowedOrigins: ['*', 'https://a.example.com'] }, 'allowAnyOrigin is true but allowedOrigins is ["*","https://a.example.com"]'],
    ['upload too large', { maxUploadSize: Size.bytes(53_687_091_200_001) }, 'maxUploadSize is 48.8 TiB (53687091200001 bytes): use a whole number of bytes '
      + 'from 1 to 53687091200000 (Size.bytes(53_687_091_200_000), 10,000 parts of 5 GiB), S3\'s largest object'],
    ['upload larger than GuardDuty scans', { maxUploadSize: Size.bytes(100_000_000_001), malwareProtection: MalwareProtection.guardDuty() },
      'maxUploadSize is 93.1 GiB (100000000001 bytes) but malwareProtection is set, and GuardDuty scans objects of at most 100000000000 bytes (100 GB): '
      + 'a larger upload would be tagged UNSUPPORTED, and the read policy would keep it unreadable forever; '
      + 'set maxUploadSize to at most Size.bytes(100_000_000_000), e.g. Size.gibibytes(93)'],
    ['over 5 GiB without multipart', { maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.disabled() },
      'maxUploadSize is 6 GiB, over the 5 GiB a single PUT carries, but multipartUpload is MultipartUpload.disabled(): '
      + 'use MultipartUpload.enabled(), or a maxUploadSize of at most Size.gibibytes(5)'],
    ['multipart threshold below a part', { maxUploadSize: Size.gibibytes(1), multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(4) }) },
      'multipartUpload threshold is 4 MiB: use a whole number of bytes from Size.mebibytes(5) (S3\'s smallest part) to Size.gibibytes(5) (the largest single PUT)'],
    ['multipart threshold over a single PUT', { maxUploadSize: Size.gibibytes(10), multipartUpload: MultipartUpload.enabled({ threshold: Size.gibibytes(6) }) },
      'multipartUpload threshold is 6 GiB: use a whole number of bytes from Size.mebibytes(5)'],
    ['multipart threshold not below the maximum', { maxUploadSize: Size.mebibytes(50), multipartUpload: MultipartUpload.enabled() },
      'multipartUpload threshold is 100 MiB, not below maxUploadSize (50 MiB), so no file would be uploaded in parts: '
      + 'lower the threshold, raise maxUploadSize, or use MultipartUpload.disabled()'],
    ['multipart threshold fractional', { maxUploadSize: Size.gibibytes(1), multipartUpload: MultipartUpload.enabled({ threshold: Size.bytes(6_000_000.5) }) },
      'multipartUpload threshold is 5.7 MiB (6000000.5 bytes): use a whole number of bytes from Size.mebibytes(5)'],
    ['upload size zero', { maxUploadSize: Size.bytes(0) }, 'maxUploadSize is 0 bytes'],
    ['expiry too long', { presignExpiry: Duration.days(8) }, 'presignExpiry is 8 days: use whole seconds from 1 second to Duration.days(7), SigV4\'s limit'],
    ['expiry fractional', { presignExpiry: Duration.millis(1500) }, 'presignExpiry is 1 second 500 millis: use whole seconds'],
    ['cors max age fractional', { corsMaxAge: Duration.millis(500) }, 'corsMaxAge is 500 millis'],
    ['empty content types', { allowedContentTypes: [] }, 'allowedContentTypes is empty, so nothing could be uploaded'],
    ['content type with parameters', { allowedContentTypes: ['text/plain; charset=utf-8'] }, 'allowedContentTypes entry "text/plain; charset=utf-8" has parameters (";"); send the bare type, "text/plain": use "type/subtype" or "type/*"'],
    ['content type without subtype', { allowedContentTypes: ['image'] }, 'allowedContentTypes entry "image" is not of the form type/subtype'],
    ['prefix without slash', { uploadPrefix: 'incoming' }, 'uploadPrefix "incoming" does not end with "/": write "incoming/"'],
    ['prefix with leading slash', { uploadPrefix: '/incoming/' }, 'uploadPrefix "/incoming/" starts with "/": S3 keys have no leading slash, write "incoming/"'],
    ['prefix traversal', { uploadPrefix: 'a/../b/' }, 'uploadPrefix "a/../b/" has characters or segments unsafe in S3 keys'],
    ['prefix characters', { uploadPrefix: 'a b/' }, 'uploadPrefix "a b/" has characters or segments unsafe in S3 keys'],
    ['expiration in hours', { expireUploadsAfter: Duration.hours(12) }, 'expireUploadsAfter is 12 hours: S3 lifecycle rules count whole days, use Duration.days(n) with n >= 1'],
    ['autoDelete with retain', { autoDeleteObjects: true }, 'autoDeleteObjects is true but removalPolicy is retain: set removalPolicy to RemovalPolicy.DESTROY, or drop autoDeleteObjects'],
    ['cors max age', { corsMaxAge: Duration.days(2) }, 'corsMaxAge is 2 days: use whole seconds from 0 to Duration.hours(24)'],
    ['rate limit', { throttle: { rateLimit: 0 } }, 'throttle.rateLimit is 0: use a positive number of requests per second'],
    ['burst limit', { throttle: { burstLimit: 2.5 } }, 'throttle.burstLimit is 2.5: use a positive whole number of requests'],
    ['reserved concurrency', { presignReservedConcurrency: 0 }, 'presignReservedConcurrency is 0: use a whole number >= 1, or omit it'],
    ['jwt issuer', { auth: PresignAuth.jwt({ issuer: 'http://idp.example.com', audience: ['a'] }) }, 'auth: PresignAuth.jwt issuer "http://idp.example.com" is not an https URL'],
    ['jwt audience', { auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: [] }) }, 'auth: PresignAuth.jwt audience is empty'],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test.each([
    ['https://idp.example.com/ oops', 'contains whitespace'],
    [' https://idp.example.com', 'contains whitespace'],
    ['idp.example.com', 'is not an absolute URL'],
    ['https://', 'is not an absolute URL'],
    ['http://idp.example.com', 'is not an https URL'],
    ['https://user:pw@idp.example.com', 'contains user info'],
    ['https://idp.example.com/?tenant=1', 'has a query or fragment, which an issuer never has'],
    ['https://idp.example.com/#x', 'has a query or fragment, which an issuer never has'],
  ])('jwt issuer %j %s', (issuer, problem) => {
    expect(build({ auth: PresignAuth.jwt({ issuer, audience: ['a'] }) }))
      .toThrow(`auth: PresignAuth.jwt issuer "${issuer}" ${problem}: use the "issuer" of your provider's OIDC discovery document`);
  });

  test.each(['https://idp.example.com', 'https://example.auth0.com/', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', 'https://login.example.com:8443/realms/app'])(
    'jwt issuer %j is accepted', (issuer) => {
      expect(build({ auth: PresignAuth.jwt({ issuer, audience: ['a'] }) })).not.toThrow();
    });

  test('jwt audience entries must be non-empty', () => {
    expect(build({ auth: PresignAuth.jwt({ issuer: 'https://idp.example.com/', audience: ['ok', '', ' '] }) }))
      .toThrow(/audience\[1\] is "": each entry must be a non-empty client id[\s\S]*audience\[2\] is " "/);
  });

  describe('resultsDomain.domainNames are bare lower-case host names', () => {
    const withDomains = (domainNames: string[]) => {
      const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012');
      return () => new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, resultsDomain: { domainNames, certificate } });
    };

    test.each([
      ['https://x/', 'is a URL: write the host name only, "x"'],
      ['https://Files.example.com/path', 'is a URL: write the host name only, "files.example.com"'],
      ['files.example.com/', 'is not a bare host name'],
      ['files.example.com:443', 'is not a bare host name'],
      ['Files.Example.com', 'has upper-case letters: write "files.example.com"'],
      ['localhost', 'is a single label'],
      ['*.com', 'puts a wildcard directly above a top-level domain'],
      ['a.*.example.com', 'has an invalid label "*"'],
      ['f*.example.com', 'has a "*" that is not the whole first label'],
      ['-x.example.com', 'has an invalid label "-x"'],
      ['files..example.com', 'has an invalid label ""'],
      [`${'a'.repeat(64)}.example.com`, 'has an invalid label'],
      [`${'a.'.repeat(126)}com`, 'is 255 characters long: DNS allows at most 253'],
    ])('%j %s', (name, problem) => {
      expect(withDomains([name])).toThrow(`resultsDomain.domainNames entry "${name}" ${problem}`);
    });

    test.each([['files.example.com'], ['*.example.com'], ['xn--bcher-kva.example'], ['a-1.b2.example.co.uk'], [`${'a.'.repeat(125)}abc`]])('%j is accepted', (name) => {
      expect(withDomains([name])).not.toThrow();
    });

    test('resultsBaseUrl is https://{first name}/', () => {
      const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012');
      const uploads = new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, resultsDomain: { domainNames: ['files.example.com'], certificate } });
      expect(uploads.resultsBaseUrl).toBe('https://files.example.com/');
    });
  });

  test('PresignAuth.cognito without app clients', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(() => new PresignedUploadBucket(stack, 'Uploads', {
      allowedOrigins: ORIGINS,
      auth: PresignAuth.cognito({ userPool, userPoolClients: [] }),
    })).toThrow('auth: PresignAuth.cognito userPoolClients is empty: list the app clients whose tokens may presign');
  });

  test('gathers every problem into one error', () => {
    let message = '';
    try {
      build({ allowedOrigins: ['https://a.example.com/', 'http://b.example.com'], uploadPrefix: 'x', throttle: { rateLimit: -1 } })();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid PresignedUploadBucket props at path [S/Uploads]:',
      '  - allowedOrigins entry "https://a.example.com/" has a trailing slash: an origin has no path, write "https://a.example.com"',
      '  - allowedOrigins entry "http://b.example.com" uses http: only localhost, 127.0.0.1 and [::1] may use http, write "https://b.example.com"',
      '  - uploadPrefix "x" does not end with "/": write "x/"',
      '  - throttle.rateLimit is -1: use a positive number of requests per second',
    ]);
  });

  test('accepts valid edge values', () => {
    expect(build({
      allowedOrigins: ['https://*.example.com', 'http://[::1]:3000'],
      maxUploadSize: Size.gibibytes(5),
      presignExpiry: Duration.days(7),
      uploadPrefix: '',
      expireUploadsAfter: Duration.days(1),
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      corsMaxAge: Duration.seconds(0),
    })).not.toThrow();
  });

  test('accepts S3\'s largest object, and with malware protection exactly what GuardDuty scans', () => {
    expect(build({ maxUploadSize: Size.bytes(53_687_091_200_000) })).not.toThrow();
    expect(build({ maxUploadSize: Size.bytes(100_000_000_000), malwareProtection: MalwareProtection.guardDuty() })).not.toThrow();
    expect(build({ maxUploadSize: Size.gibibytes(93), malwareProtection: MalwareProtection.guardDuty() })).not.toThrow();
    expect(build({ maxUploadSize: Size.gibibytes(94), malwareProtection: MalwareProtection.guardDuty() })).toThrow('GuardDuty scans objects of at most');
  });

  test('accepts any origin only through allowAnyOrigin', () => {
    expect(build({ allowAnyOrigin: true, allowedOrigins: ['*'] })).not.toThrow();
  });
});

describe('validation at the edges: each refusal is exactly one problem, worded in full', () => {
  const refusal = (props: Partial<PresignedUploadBucketProps>): string => {
    try {
      build(props)();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the props were accepted');
  };
  const only = (problem: string) => `Invalid PresignedUploadBucket props at path [S/Uploads]:\n  - ${problem}`;

  test('allowedOrigins is required even where a language cannot enforce it', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new PresignedUploadBucket(stack, 'Uploads', {} as PresignedUploadBucketProps)).toThrow(
      only('allowedOrigins is empty: list the origins of the pages that upload, e.g. ["https://app.example.com"]'));
  });

  test('every origin entry is checked, not only the first', () => {
    expect(refusal({ allowedOrigins: ['https://a.example.com', 'https://b.example.com/'] })).toBe(
      only('allowedOrigins entry "https://b.example.com/" has a trailing slash: an origin has no path, write "https://b.example.com"'));
  });

  test('allowAnyOrigin accepts exactly ["*"]', () => {
    expect(() => build({ allowAnyOrigin: true, allowedOrigins: ['*'] })()).not.toThrow();
    expect(refusal({ allowAnyOrigin: true, allowedOrigins: ['https://a.example.com'] })).toBe(only(
      'allowAnyOrigin is true but allowedOrigins is ["https://a.example.com"]: set allowedOrigins to ["*"], or drop allowAnyOrigin and list the origins'));
  });

  test('sizes and durations: the smallest and largest accepted values are accepted', () => {
    for (const props of [
      { maxUploadSize: Size.bytes(1) }, { maxUploadSize: Size.gibibytes(5) },
      { presignExpiry: Duration.seconds(1) }, { presignExpiry: Duration.days(7) },
      { corsMaxAge: Duration.seconds(0) }, { corsMaxAge: Duration.hours(24) },
      { expireUploadsAfter: Duration.days(1) },
      { throttle: { burstLimit: 1 } }, { throttle: { rateLimit: 0.5, burstLimit: 1 } }, { presignReservedConcurrency: 1 },
    ]) {
      expect(() => build(props)()).not.toThrow();
    }
  });

  test.each<[string, Partial<PresignedUploadBucketProps>, string]>([
    ['a size that is not whole bytes', { maxUploadSize: Size.kibibytes(0.3) }, 'maxUploadSize is not a whole number of bytes: use e.g. Size.mebibytes(100)'],
    ['an expiry one second too long', { presignExpiry: Duration.seconds(604801) }, 'presignExpiry is 7 days 1 second: use whole seconds from 1 second to Duration.days(7), SigV4\'s limit'],
    ['a preflight cache one second too long', { corsMaxAge: Duration.seconds(86401) }, 'corsMaxAge is 1 day 1 second: use whole seconds from 0 to Duration.hours(24)'],
    ['expiry after zero days', { expireUploadsAfter: Duration.days(0) }, 'expireUploadsAfter is 0 days: S3 lifecycle rules count whole days, use Duration.days(n) with n >= 1'],
    ['expiry after a day and a half', { expireUploadsAfter: Duration.hours(36) }, 'expireUploadsAfter is 1 day 12 hours: S3 lifecycle rules count whole days, use Duration.days(n) with n >= 1'],
    ['a burst of zero', { throttle: { burstLimit: 0 } }, 'throttle.burstLimit is 0: use a positive whole number of requests'],
    ['a rate that is no number', { throttle: { rateLimit: Number.POSITIVE_INFINITY } }, 'throttle.rateLimit is Infinity: use a positive number of requests per second'],
    ['several leading slashes', { uploadPrefix: '//incoming/' }, 'uploadPrefix "//incoming/" starts with "/": S3 keys have no leading slash, write "incoming/"\n'
      + '  - uploadPrefix "//incoming/" has characters or segments unsafe in S3 keys: use letters, digits and ! _ . \' ( ) - separated by single "/"'],
    ['a "." segment', { uploadPrefix: 'a/./' }, 'uploadPrefix "a/./" has characters or segments unsafe in S3 keys: use letters, digits and ! _ . \' ( ) - separated by single "/"'],
    ['an empty segment', { uploadPrefix: 'a//' }, 'uploadPrefix "a//" has characters or segments unsafe in S3 keys: use letters, digits and ! _ . \' ( ) - separated by single "/"'],
    ['no result domain names', { resultsDomain: { domainNames: [], certificate: undefined as any } }, 'resultsDomain.domainNames is empty: list the names the certificate covers, e.g. ["files.example.com"], or omit resultsDomain'],
    ['malware scanning of the whole bucket', { uploadPrefix: '', malwareProtection: MalwareProtection.guardDuty() },
      'uploadPrefix is "" but malwareProtection is set: scanning covers the upload prefix, and GuardDuty writes its validation object at the bucket root, which must stay outside it; use a prefix such as "uploads/"'],
    ['a Python runtime', { presignRuntime: lambda.Runtime.PYTHON_3_12 }, 'presignRuntime is python3.12: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime'],
    ['Node.js 20', { presignRuntime: lambda.Runtime.NODEJS_20_X }, 'presignRuntime is nodejs20.x: the bundled handler is built for Node.js 22, use Runtime.NODEJS_22_X or newer'],
    ['a Node.js runtime name with a suffix', { presignRuntime: new lambda.Runtime('nodejs22.x.al2', lambda.RuntimeFamily.NODEJS) },
      'presignRuntime is nodejs22.x.al2: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime'],
    ['a Node.js runtime name with a prefix', { presignRuntime: new lambda.Runtime('edge-nodejs22.x', lambda.RuntimeFamily.NODEJS) },
      'presignRuntime is edge-nodejs22.x: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime'],
    ['a Node.js name in another family', { presignRuntime: new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.OTHER) },
      'presignRuntime is nodejs22.x: the presign handler is JavaScript, use Runtime.NODEJS_22_X or a newer Node.js runtime'],
  ])('%s', (_, props, problem) => {
    expect(refusal(props)).toBe(only(problem));
  });

  test('values known only at deployment (tokens) are not validated at synth', () => {
    expect(() => build({ uploadPrefix: Lazy.string({ produce: () => 'no-slash' }) })()).not.toThrow();
    expect(() => build({ corsMaxAge: Duration.seconds(Lazy.number({ produce: () => -1 })) })()).not.toThrow();
  });

  test('an upload prefix of 512 bytes is accepted; 513 are refused', () => {
    expect(() => build({ uploadPrefix: `${'a'.repeat(511)}/` })()).not.toThrow();
    expect(refusal({ uploadPrefix: `${'a'.repeat(512)}/` })).toBe(only('uploadPrefix is longer than 512 bytes: shorten it so keys stay under S3\'s 1024-byte limit'));
  });

  test('a browser-executable type listed exactly is kept (lower-cased) and warned about', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, allowedContentTypes: ['Text/HTML', 'image/png'] });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('text/html'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).not.toContain('image/png');
  });
});

describe('multipartUpload and maxUploadSize', () => {
  const threshold = (props: Partial<PresignedUploadBucketProps>) => {
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, ...props });
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
    return fn.Properties.Environment.Variables.UPLOAD_MULTIPART_THRESHOLD;
  };

  test('by default, multipart is on above 100 MiB exactly when a larger file is allowed', () => {
    expect(threshold({})).toBeUndefined();
    expect(threshold({ maxUploadSize: Size.mebibytes(100) })).toBeUndefined();
    expect(threshold({ maxUploadSize: Size.bytes(100 * 1024 * 1024 + 1) })).toBe('104857600');
    expect(threshold({ maxUploadSize: Size.tebibytes(5) })).toBe('104857600');
  });

  test('the threshold\'s bounds are inclusive: 5 MiB and 5 GiB', () => {
    expect(threshold({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ threshold: Size.mebibytes(5) }) })).toBe('5242880');
    expect(threshold({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ threshold: Size.gibibytes(5) }) })).toBe('5368709120');
    expect(build({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ threshold: Size.bytes(5 * 1024 * 1024 - 1) }) }))
      .toThrow('multipartUpload threshold is 4.9 MiB (5242879 bytes)');
  });

  test('disabled keeps every file one PUT, up to 5 GiB', () => {
    expect(threshold({ maxUploadSize: Size.gibibytes(5), multipartUpload: MultipartUpload.disabled() })).toBeUndefined();
    expect(MultipartUpload.disabled().isEnabled).toBe(false);
    expect(MultipartUpload.enabled().threshold?.toBytes()).toBe(104857600);
  });

  test('the part size is 64 MiB unless given; its bounds are S3\'s smallest and largest part, inclusive', () => {
    const partSize = (multipartUpload?: MultipartUpload) => {
      const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
      new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, maxUploadSize: Size.gibibytes(6), multipartUpload });
      const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
      return fn.Properties.Environment.Variables.UPLOAD_MULTIPART_PART_SIZE;
    };
    expect(MultipartUpload.DEFAULT_PART_SIZE.toBytes()).toBe(64 * 1024 * 1024);
    expect([partSize(), partSize(MultipartUpload.enabled())]).toEqual(['67108864', '67108864']);
    expect(partSize(MultipartUpload.enabled({ partSize: Size.mebibytes(5) }))).toBe('5242880');
    expect(partSize(MultipartUpload.enabled({ partSize: Size.gibibytes(5) }))).toBe('5368709120');
    expect(build({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ partSize: Size.bytes(5 * 1024 * 1024 - 1) }) }))
      .toThrow('multipartUpload partSize is 4.9 MiB (5242879 bytes): use a whole number of bytes from Size.mebibytes(5) (S3\'s smallest part) to Size.gibibytes(5) (its largest)');
    expect(build({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ partSize: Size.bytes(5 * 1024 ** 3 + 1) }) }))
      .toThrow('multipartUpload partSize is just over 5 GiB (5368709121 bytes): use');
    expect(build({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ partSize: Size.kibibytes(5120.3) }) }))
      .toThrow('multipartUpload partSize is not a whole number of bytes: use e.g. Size.mebibytes(100)');
  });

  test('a part size problem comes with the others in one error', () => {
    expect(build({
      maxUploadSize: Size.gibibytes(6),
      presignExpiry: Duration.days(8),
      multipartUpload: MultipartUpload.enabled({ partSize: Size.mebibytes(1) }),
    }))
      .toThrow(/^Invalid PresignedUploadBucket props at path \[S\/Uploads\]:\n {2}- multipartUpload partSize is 1 MiB: use [^\n]+\n {2}- presignExpiry is 8 days/);
  });

  test('a threshold that is no whole number of bytes is named', () => {
    expect(build({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ threshold: Size.kibibytes(5120.3) }) }))
      .toThrow('multipartUpload threshold is not a whole number of bytes: use e.g. Size.mebibytes(100)');
  });

  test('a deploy-time threshold is taken as it is', () => {
    const deployTime = Size.bytes(Lazy.number({ produce: () => 6 * 1024 * 1024 }));
    expect(threshold({ maxUploadSize: Size.gibibytes(6), multipartUpload: MultipartUpload.enabled({ threshold: deployTime }) })).toBe('6291456');
  });

  test('a deploy-time maximum keeps the threshold', () => {
    expect(threshold({ maxUploadSize: Size.bytes(Lazy.number({ produce: () => 10 ** 10 })) })).toBe('104857600');
  });
});

describe('transferAcceleration: refused at synth where it can\'t work', () => {
  const inRegion = (region: string | undefined) => () => {
    const stack = new Stack(new App(), 'S', region === undefined ? {} : { env: { region } });
    return new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, transferAcceleration: true });
  };

  // ap-southeast-12: a Region numbered past 9 has the same form.
  test.each(['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1', 'ap-southeast-12'])('accepted in %s', (region) => {
    expect(inRegion(region)).not.toThrow();
  });

  test('an environment-agnostic stack: its region is needed to check', () => {
    expect(inRegion(undefined)).toThrow('Invalid PresignedUploadBucket props at path [S/Uploads]:\n  - transferAcceleration is true, but the stack has no concrete region '
      + '(it is environment-agnostic): give the stack an env with a region, so the construct can check that Transfer Acceleration is offered there');
  });

  // eu-west-1a is an Availability Zone, not a Region of any partition.
  test.each(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'eu-west-1a'])('%s: not the aws partition', (region) => {
    expect(inRegion(region)).toThrow(`transferAcceleration is true, but the stack's region "${region}" is not of the "aws" partition `
      + '(China, GovCloud and the isolated partitions have no Transfer Acceleration): remove transferAcceleration');
  });

  test.each(['af-south-1', 'ap-east-1', 'ap-northeast-3', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'me-south-1'])('%s: a Region known without it', (region) => {
    expect(inRegion(region)).toThrow(`transferAcceleration is true, but AWS does not offer it for buckets in ${region} `
      + '(af-south-1, ap-east-1, ap-northeast-3, eu-north-1, eu-south-1, eu-south-2, me-south-1): remove transferAcceleration, or deploy the stack in another Region');
  });

  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  const acceleratedIn = (region: string) => {
    const stack = new Stack(new App(), 'S', { env: { region } });
    new PresignedUploadBucket(stack, 'Uploads', { allowedOrigins: ORIGINS, transferAcceleration: true });
    return stack;
  };

  test.each(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
    'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2'])('%s: known to offer it, no warning', (region) => {
    expect(warnings(acceleratedIn(region)).filter((w) => w.includes('transferAcceleration'))).toEqual([]);
  });

  test.each(['ap-south-2', 'mx-central-1', 'ap-southeast-12', 'il-central-1'])('%s: a Region it can\'t vouch for synthesizes with a warning', (region) => {
    expect(warnings(acceleratedIn(region)).filter((w) => w.includes('transferAcceleration'))).toEqual([
      `transferAcceleration is true in ${region}, a Region this library can't vouch for: S3 offers Transfer Acceleration in the Regions listed in `
      + 'docs/transfer-acceleration.md, and Regions opened since may lack it, which fails the deployment with 405 MethodNotAllowed. '
      + 'Check the S3 console\'s bucket properties in that Region, then acknowledge this warning, or remove transferAcceleration. '
      + '[ack: cdk-presigned-upload:transferAccelerationRegionUnverified]',
    ]);
  });

  test('off, nothing about the region is checked', () => {
    expect(() => new PresignedUploadBucket(new Stack(new App(), 'S'), 'Uploads', { allowedOrigins: ORIGINS })).not.toThrow();
    expect(() => new PresignedUploadBucket(new Stack(new App(), 'S', { env: { region: 'eu-north-1' } }), 'Uploads',
      { allowedOrigins: ORIGINS, transferAcceleration: false })).not.toThrow();
  });
});
