import { s3PostUrl } from './s3-endpoint';

describe('s3PostUrl', () => {
  test('is the regional virtual-hosted endpoint, never the global one', () => {
    const url = s3PostUrl({ bucket: 'uploads-123', region: 'eu-west-1', urlSuffix: 'amazonaws.com' });
    expect(url).toBe('https://uploads-123.s3.eu-west-1.amazonaws.com/');
    expect(url).not.toContain('//uploads-123.s3.amazonaws.com');
  });

  test('is regional in us-east-1 too', () => {
    expect(s3PostUrl({ bucket: 'b', region: 'us-east-1', urlSuffix: 'amazonaws.com' })).toBe('https://b.s3.us-east-1.amazonaws.com/');
  });

  test('uses the partition suffix, e.g. China', () => {
    expect(s3PostUrl({ bucket: 'b', region: 'cn-north-1', urlSuffix: 'amazonaws.com.cn' })).toBe('https://b.s3.cn-north-1.amazonaws.com.cn/');
  });

  test('uses path style for bucket names with dots', () => {
    expect(s3PostUrl({ bucket: 'my.bucket', region: 'eu-west-1', urlSuffix: 'amazonaws.com' })).toBe('https://s3.eu-west-1.amazonaws.com/my.bucket');
  });

  test('AWS_ENDPOINT_URL_S3 overrides, path style', () => {
    expect(s3PostUrl({ bucket: 'b', region: 'eu-west-1', urlSuffix: '', endpointOverride: 'http://127.0.0.1:7070/' })).toBe('http://127.0.0.1:7070/b');
  });
});
