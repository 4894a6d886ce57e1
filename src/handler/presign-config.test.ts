import { loadPresignConfig, UNKEYED_KEY_ID_SECRET } from './presign-config';

const valid = {
  UPLOAD_BUCKET: 'b',
  AWS_REGION: 'eu-west-1',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_MAX_BYTES: '1000',
  UPLOAD_EXPIRES_SECONDS: '900',
};

const CALLER_KEY = 'caller-key-for-tests-'.repeat(3);

describe('loadPresignConfig', () => {
  test('reads a complete environment', () => {
    expect(loadPresignConfig({
      ...valid,
      UPLOAD_ALLOWED_CONTENT_TYPES: '["Image/*"]',
      UPLOAD_KMS_KEY_ARN: 'arn:k',
      UPLOAD_CALLER_SOURCE: 'jwt',
      UPLOAD_CALLER_KEY: CALLER_KEY,
      UPLOAD_MULTIPART_THRESHOLD: '5242880',
      UPLOAD_MULTIPART_PART_SIZE: '67108864',
    })).toEqual({
      bucket: 'b',
      region: 'eu-west-1',
      urlSuffix: 'amazonaws.com',
      endpointOverride: undefined,
      keyPrefix: 'uploads/',
      maxBytes: 1000,
      expiresSeconds: 900,
      contentTypes: { allowed: ['image/*'] },
      kmsKeyArn: 'arn:k',
      callerSource: 'jwt',
      callerKey: Buffer.from(CALLER_KEY),
      keyIdSecret: Buffer.from(CALLER_KEY),
      multipart: { threshold: 5242880, partSize: 67108864 },
      objectEndpoint: { protocol: 'https:', host: 'b.s3.eu-west-1.amazonaws.com', pathPrefix: '/' },
    });
  });

  test('UPLOAD_TRANSFER_ACCELERATION=true sends uploads to the accelerate endpoint; any other value, or a dotted bucket, is refused', () => {
    expect(loadPresignConfig({ ...valid, UPLOAD_BUCKET: 'uploads-1', UPLOAD_TRANSFER_ACCELERATION: 'true' }).objectEndpoint)
      .toEqual({ protocol: 'https:', host: 'uploads-1.s3-accelerate.amazonaws.com', pathPrefix: '/' });
    expect(loadPresignConfig({ ...valid, UPLOAD_TRANSFER_ACCELERATION: '' }).objectEndpoint.host).toBe('b.s3.eu-west-1.amazonaws.com');
    expect(() => loadPresignConfig({ ...valid, UPLOAD_TRANSFER_ACCELERATION: 'yes' }))
      .toThrow('UPLOAD_TRANSFER_ACCELERATION="yes" is not "true" (leave it unset for the regional endpoint)');
    expect(() => loadPresignConfig({ ...valid, UPLOAD_BUCKET: 'my.uploads', UPLOAD_TRANSFER_ACCELERATION: 'true' }))
      .toThrow('UPLOAD_TRANSFER_ACCELERATION is set, but the bucket name "my.uploads" has dots, which Transfer Acceleration refuses');
    expect(loadPresignConfig({ ...valid, UPLOAD_BUCKET: 'my.uploads' }).objectEndpoint.host).toBe('s3.eu-west-1.amazonaws.com');
  });

  test('defaults: no content type list, no KMS, no caller in keys, no multipart', () => {
    const config = loadPresignConfig(valid);
    expect(config.contentTypes).toEqual({});
    expect(config.kmsKeyArn).toBeUndefined();
    expect(config.callerSource).toBeUndefined();
    expect(config.callerKey).toBeUndefined();
    expect(config.keyIdSecret).toEqual(Buffer.from(UNKEYED_KEY_ID_SECRET));
    expect(config.multipart).toBeUndefined();
  });

  test('keys are per caller for "jwt" and "iam", and nothing else is accepted', () => {
    expect(loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: 'iam', UPLOAD_CALLER_KEY: CALLER_KEY }).callerSource).toBe('iam');
    expect(loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: '', UPLOAD_CALLER_KEY: CALLER_KEY }).callerSource).toBeUndefined();
    for (const bad of ['true', 'JWT', 'cognito']) {
      expect(() => loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: bad, UPLOAD_CALLER_KEY: CALLER_KEY }))
        .toThrow(`Presign function misconfigured: UPLOAD_CALLER_SOURCE="${bad}" is neither "jwt" nor "iam".`);
    }
  });

  test('keys per caller need a caller key of at least 32 characters; without callers it is not read', () => {
    const keyed = loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: 'jwt', UPLOAD_CALLER_KEY: 'k'.repeat(32) });
    expect([keyed.callerSource, keyed.callerKey]).toEqual(['jwt', Buffer.from('k'.repeat(32))]);
    expect(() => loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: 'jwt' })).toThrow('Presign function misconfigured: '
      + 'UPLOAD_CALLER_KEY is not set, but keys are per caller (UPLOAD_CALLER_SOURCE="jwt"): it must be a secret of at least 32 characters.');
    expect(() => loadPresignConfig({ ...valid, UPLOAD_CALLER_SOURCE: 'iam', UPLOAD_CALLER_KEY: 'k'.repeat(31) })).toThrow('Presign function misconfigured: '
      + 'UPLOAD_CALLER_KEY is 31 characters long, but keys are per caller (UPLOAD_CALLER_SOURCE="iam"): it must be a secret of at least 32 characters.');
    const unkeyed = loadPresignConfig({ ...valid, UPLOAD_CALLER_KEY: 'short' });
    expect([unkeyed.callerSource, unkeyed.callerKey]).toEqual([undefined, undefined]);
  });

  test('quotas: the table, the limits as written, the caller key, and the DynamoDB endpoint override', () => {
    const config = loadPresignConfig({
      ...valid,
      UPLOAD_QUOTA_TABLE: 'counters',
      UPLOAD_QUOTA_LIMITS: '{"failOpen":false}',
      UPLOAD_CALLER_KEY: CALLER_KEY,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
    });
    expect(config.quotas).toEqual({ table: 'counters', limitsJson: '{"failOpen":false}' });
    expect(config.callerKey).toEqual(Buffer.from(CALLER_KEY));
    expect(config.dynamoDbEndpointOverride).toBe('http://127.0.0.1:8000');
    expect(config.callerSource).toBeUndefined();
    expect(loadPresignConfig({ ...valid, UPLOAD_QUOTA_TABLE: 'counters', UPLOAD_CALLER_KEY: CALLER_KEY }).quotas?.limitsJson).toBe('');
    expect(loadPresignConfig({ ...valid, UPLOAD_QUOTA_TABLE: '', UPLOAD_CALLER_KEY: CALLER_KEY }).quotas).toBeUndefined();
    expect(loadPresignConfig({ ...valid, AWS_ENDPOINT_URL_DYNAMODB: '' }).dynamoDbEndpointOverride).toBeUndefined();
  });

  test('quotas need the caller key too, to name callers\' counters', () => {
    expect(() => loadPresignConfig({ ...valid, UPLOAD_QUOTA_TABLE: 'counters' })).toThrow('Presign function misconfigured: '
      + 'UPLOAD_CALLER_KEY is not set, but quotas are on (UPLOAD_QUOTA_TABLE="counters"): it must be a secret of at least 32 characters.');
    expect(() => loadPresignConfig({ ...valid, UPLOAD_QUOTA_TABLE: 'counters', UPLOAD_CALLER_KEY: 'k'.repeat(31) })).toThrow('Presign function misconfigured: '
      + 'UPLOAD_CALLER_KEY is 31 characters long, but quotas are on (UPLOAD_QUOTA_TABLE="counters"): it must be a secret of at least 32 characters.');
  });

  test('AWS_ENDPOINT_URL_DYNAMODB must start with http:// or https:// and a host', () => {
    for (const bad of ['localhost:8000', 'ftp://x', 'http://', 'https:///x']) {
      expect(() => loadPresignConfig({ ...valid, AWS_ENDPOINT_URL_DYNAMODB: bad }))
        .toThrow(`Presign function misconfigured: AWS_ENDPOINT_URL_DYNAMODB="${bad}" is not an http(s) URL.`);
    }
    expect(loadPresignConfig({ ...valid, AWS_ENDPOINT_URL_DYNAMODB: 'https://ddb.example' }).dynamoDbEndpointOverride).toBe('https://ddb.example');
  });

  test('multipart uploads need their part size', () => {
    expect(() => loadPresignConfig({ ...valid, UPLOAD_MULTIPART_THRESHOLD: '104857600' }))
      .toThrow(new Error('Presign function misconfigured: UPLOAD_MULTIPART_PART_SIZE is not set.'));
  });

  test('sizes over 5 GiB need multipart uploads', () => {
    const big = { ...valid, UPLOAD_MAX_BYTES: '5368709121' };
    expect(() => loadPresignConfig(big)).toThrow('Presign function misconfigured: UPLOAD_MAX_BYTES="5368709121" is over 5 GiB, '
      + 'which only multipart uploads carry, but UPLOAD_MULTIPART_THRESHOLD is not set.');
    expect(loadPresignConfig({ ...big, UPLOAD_MULTIPART_THRESHOLD: '104857600', UPLOAD_MULTIPART_PART_SIZE: '5242880' }).maxBytes).toBe(5368709121);
    expect(loadPresignConfig({ ...valid, UPLOAD_MAX_BYTES: '5368709120' }).multipart).toBeUndefined();
    expect(() => loadPresignConfig({ ...valid, UPLOAD_MAX_BYTES: '5497558138880' })).toThrow('is over 5 GiB, which only multipart uploads carry');
    // S3's largest object, the largest valid maximum, needs multipart uploads too.
    expect(() => loadPresignConfig({ ...valid, UPLOAD_MAX_BYTES: '53687091200000' })).toThrow('is over 5 GiB, which only multipart uploads carry');
  });

  test('AWS_ENDPOINT_URL_S3 makes the URL suffix optional', () => {
    const { UPLOAD_URL_SUFFIX: _omit, ...rest } = valid;
    expect(loadPresignConfig({ ...rest, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7070' }).endpointOverride).toBe('http://127.0.0.1:7070');
    expect(() => loadPresignConfig(rest)).toThrow('UPLOAD_URL_SUFFIX is not set');
  });

  test('names every bad variable in one error', () => {
    expect(() => loadPresignConfig({
      AWS_REGION: 'eu-west-1',
      UPLOAD_URL_SUFFIX: 'amazonaws.com',
      UPLOAD_MAX_BYTES: '60000000000000',
      UPLOAD_EXPIRES_SECONDS: '1.5',
      UPLOAD_ALLOWED_CONTENT_TYPES: '["image/png; x=1"]',
    })).toThrow(
      'Presign function misconfigured: UPLOAD_BUCKET is not set; UPLOAD_MAX_BYTES="60000000000000" is not a whole number in 1..53687091200000; '
      + 'UPLOAD_EXPIRES_SECONDS="1.5" is not a whole number in 1..604800; UPLOAD_ALLOWED_CONTENT_TYPES is not a JSON array of media types.',
    );
  });

  test('refuses content types that are not JSON', () => {
    expect(() => loadPresignConfig({ ...valid, UPLOAD_ALLOWED_CONTENT_TYPES: 'image/png' })).toThrow('UPLOAD_ALLOWED_CONTENT_TYPES is not a JSON array');
  });

  describe('a misconfigured function fails closed, naming exactly what is wrong', () => {
    const refusal = (env: Record<string, string | undefined>): string => {
      try {
        loadPresignConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the configuration was accepted');
    };

    test('a missing or empty variable is "not set", and only that', () => {
      for (const name of ['UPLOAD_BUCKET', 'AWS_REGION', 'UPLOAD_URL_SUFFIX', 'UPLOAD_MAX_BYTES', 'UPLOAD_EXPIRES_SECONDS']) {
        expect(refusal({ ...valid, [name]: undefined })).toBe(`Presign function misconfigured: ${name} is not set.`);
        expect(refusal({ ...valid, [name]: '' })).toBe(`Presign function misconfigured: ${name} is not set.`);
      }
    });

    test.each([
      // S3's largest object: 10,000 parts of 5 GiB.
      ['UPLOAD_MAX_BYTES', 1, 53687091200000],
      ['UPLOAD_EXPIRES_SECONDS', 1, 604800],
      ['UPLOAD_MULTIPART_THRESHOLD', 5242880, 5368709120],
      // S3's smallest and largest part.
      ['UPLOAD_MULTIPART_PART_SIZE', 5242880, 5368709120],
    ])('%s: %d and %d are the inclusive bounds', (name, min, max) => {
      const base = { ...valid, UPLOAD_MULTIPART_THRESHOLD: '104857600', UPLOAD_MULTIPART_PART_SIZE: '67108864' };
      expect(() => loadPresignConfig({ ...base, [name]: String(min) })).not.toThrow();
      expect(() => loadPresignConfig({ ...base, [name]: String(max) })).not.toThrow();
      for (const bad of [String(min - 1), String(max + 1), '1.5', 'ten', '-1']) {
        expect(refusal({ ...base, [name]: bad })).toBe(`Presign function misconfigured: ${name}="${bad}" is not a whole number in ${min}..${max}.`);
      }
    });

    test('AWS_ENDPOINT_URL_S3 must start with http:// or https:// and a host', () => {
      for (const bad of ['127.0.0.1:7070', 'ftp://127.0.0.1', 'xhttp://127.0.0.1', 'http:///path']) {
        expect(refusal({ ...valid, AWS_ENDPOINT_URL_S3: bad })).toBe(`Presign function misconfigured: AWS_ENDPOINT_URL_S3="${bad}" is not an http(s) URL.`);
      }
    });

    test('UPLOAD_ALLOWED_CONTENT_TYPES must hold media types only, every one of them', () => {
      for (const bad of ['{"image/png":true}', '["image/png", 5]', '["image/png", "image/png; x=1"]', '["image/png", "not a type"]', '"image/png"']) {
        expect(refusal({ ...valid, UPLOAD_ALLOWED_CONTENT_TYPES: bad })).toBe('Presign function misconfigured: UPLOAD_ALLOWED_CONTENT_TYPES is not a JSON array of media types.');
      }
      expect(loadPresignConfig({ ...valid, UPLOAD_ALLOWED_CONTENT_TYPES: '["image/png", "text/*"]' }).contentTypes).toEqual({ allowed: ['image/png', 'text/*'] });
    });
  });

  test('with AWS_ENDPOINT_URL_S3, the URL suffix is kept when set and empty when not', () => {
    expect(loadPresignConfig({ ...valid, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7070' }).urlSuffix).toBe('amazonaws.com');
    expect(loadPresignConfig({ ...valid, UPLOAD_URL_SUFFIX: undefined, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7070' }).urlSuffix).toBe('');
  });

  test('an unset key prefix means keys at the bucket root', () => {
    expect(loadPresignConfig({ ...valid, UPLOAD_KEY_PREFIX: undefined }).keyPrefix).toBe('');
  });
});

