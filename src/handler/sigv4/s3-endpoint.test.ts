import { objectPath, s3ObjectEndpoint } from './s3-endpoint';

describe('s3ObjectEndpoint', () => {
  test('is the regional virtual-hosted endpoint, never the global one', () => {
    const endpoint = s3ObjectEndpoint({ bucket: 'uploads-123', region: 'eu-west-1', urlSuffix: 'amazonaws.com' });
    expect(endpoint).toEqual({ protocol: 'https:', host: 'uploads-123.s3.eu-west-1.amazonaws.com', pathPrefix: '/' });
    expect(endpoint.host).not.toBe('uploads-123.s3.amazonaws.com');
  });

  test('is regional in us-east-1 too', () => {
    expect(s3ObjectEndpoint({ bucket: 'b', region: 'us-east-1', urlSuffix: 'amazonaws.com' }).host).toBe('b.s3.us-east-1.amazonaws.com');
  });

  test('uses the partition suffix, e.g. China', () => {
    expect(s3ObjectEndpoint({ bucket: 'b', region: 'cn-north-1', urlSuffix: 'amazonaws.com.cn' }).host).toBe('b.s3.cn-north-1.amazonaws.com.cn');
  });

  test('uses path style for bucket names with dots', () => {
    expect(s3ObjectEndpoint({ bucket: 'my.bucket', region: 'eu-west-1', urlSuffix: 'amazonaws.com' }))
      .toEqual({ protocol: 'https:', host: 's3.eu-west-1.amazonaws.com', pathPrefix: '/my.bucket/' });
  });

  test.each([
    ['http://127.0.0.1:7070', { protocol: 'http:', host: '127.0.0.1:7070', pathPrefix: '/b/' }],
    ['http://127.0.0.1:7070/', { protocol: 'http:', host: '127.0.0.1:7070', pathPrefix: '/b/' }],
    ['http://127.0.0.1:7070//', { protocol: 'http:', host: '127.0.0.1:7070', pathPrefix: '/b/' }],
    ['https://s3.example.test/base/', { protocol: 'https:', host: 's3.example.test', pathPrefix: '/base/b/' }],
    ['https://s3.example.test:443', { protocol: 'https:', host: 's3.example.test', pathPrefix: '/b/' }],
  ])('AWS_ENDPOINT_URL_S3 %s overrides, path style', (endpointOverride, expected) => {
    expect(s3ObjectEndpoint({ bucket: 'b', region: 'eu-west-1', urlSuffix: '', endpointOverride })).toEqual(expected);
  });
});

describe('s3ObjectEndpoint with Transfer Acceleration', () => {
  test('is {bucket}.s3-accelerate.amazonaws.com, virtual-hosted, whatever the region', () => {
    for (const region of ['eu-west-1', 'us-east-1', 'ap-southeast-2']) {
      expect(s3ObjectEndpoint({ bucket: 'uploads-123', region, urlSuffix: 'amazonaws.com', accelerate: true }))
        .toEqual({ protocol: 'https:', host: 'uploads-123.s3-accelerate.amazonaws.com', pathPrefix: '/' });
    }
  });

  test('gives way to AWS_ENDPOINT_URL_S3, so a local S3 server stands in for it', () => {
    expect(s3ObjectEndpoint({ bucket: 'b', region: 'eu-west-1', urlSuffix: '', endpointOverride: 'http://127.0.0.1:7070', accelerate: true }))
      .toEqual({ protocol: 'http:', host: '127.0.0.1:7070', pathPrefix: '/b/' });
  });
});

describe('objectPath', () => {
  test('encodes each key segment once and keeps the slashes', () => {
    const endpoint = s3ObjectEndpoint({ bucket: 'b', region: 'eu-west-1', urlSuffix: 'amazonaws.com' });
    expect(objectPath(endpoint, 'uploads/a~7C1/x y (1).png')).toBe('/uploads/a~7C1/x%20y%20%281%29.png');
  });
});
