import { loadPresignConfig } from './presign-config';

const valid = {
  UPLOAD_BUCKET: 'b',
  AWS_REGION: 'eu-west-1',
  UPLOAD_URL_SUFFIX: 'amazonaws.com',
  UPLOAD_KEY_PREFIX: 'uploads/',
  UPLOAD_MAX_BYTES: '1000',
  UPLOAD_EXPIRES_SECONDS: '900',
};

describe('loadPresignConfig', () => {
  test('reads a complete environment', () => {
    expect(loadPresignConfig({ ...valid, UPLOAD_ALLOWED_CONTENT_TYPES: '["Image/*"]', UPLOAD_KMS_KEY_ARN: 'arn:k', UPLOAD_KEY_BY_SUBJECT: 'true' })).toEqual({
      bucket: 'b',
      region: 'eu-west-1',
      urlSuffix: 'amazonaws.com',
      endpointOverride: undefined,
      keyPrefix: 'uploads/',
      maxBytes: 1000,
      expiresSeconds: 900,
      contentTypes: { allowed: ['image/*'] },
      kmsKeyArn: 'arn:k',
      keyBySubject: true,
      objectEndpoint: { protocol: 'https:', host: 'b.s3.eu-west-1.amazonaws.com', pathPrefix: '/' },
    });
  });

  test('defaults: no content type list, no KMS, no subject keys', () => {
    const config = loadPresignConfig(valid);
    expect(config.contentTypes).toEqual({});
    expect(config.kmsKeyArn).toBeUndefined();
    expect(config.keyBySubject).toBe(false);
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
      UPLOAD_MAX_BYTES: '6000000000',
      UPLOAD_EXPIRES_SECONDS: '1.5',
      UPLOAD_ALLOWED_CONTENT_TYPES: '["image/png; x=1"]',
    })).toThrow(
      'Presign function misconfigured: UPLOAD_BUCKET is not set; UPLOAD_MAX_BYTES="6000000000" is not a whole number in 1..5368709120; '
      + 'UPLOAD_EXPIRES_SECONDS="1.5" is not a whole number in 1..604800; UPLOAD_ALLOWED_CONTENT_TYPES is not a JSON array of media types.',
    );
  });

  test('refuses content types that are not JSON', () => {
    expect(() => loadPresignConfig({ ...valid, UPLOAD_ALLOWED_CONTENT_TYPES: 'image/png' })).toThrow('UPLOAD_ALLOWED_CONTENT_TYPES is not a JSON array');
  });
});
