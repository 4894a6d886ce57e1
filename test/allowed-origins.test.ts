import { describeOriginProblem, isWildcardOrigin } from '../src/private/allowed-origins';

describe('describeOriginProblem', () => {
  test.each([
    'https://app.example.com',
    'https://app.example.com:8443',
    'https://*.example.com',
    'http://localhost',
    'http://localhost:5173',
    'http://127.0.0.1:3000',
    'http://[::1]:8080',
    'https://xn--bcher-kva.example',
  ])('accepts %s', (origin) => {
    expect(describeOriginProblem(origin)).toBeUndefined();
  });

  test.each([
    ['*', 'set allowAnyOrigin: true'],
    ['app.example.com', 'has no scheme'],
    ['HTTPS://app.example.com', 'upper-case scheme'],
    ['ftp://app.example.com', 'uses scheme "ftp"'],
    ['https://app.example.com/', 'has a trailing slash: an origin has no path, write "https://app.example.com"'],
    ['https://app.example.com/upload', 'has a path'],
    ['https://app.example.com?x=1', 'has a query string'],
    ['https://app.example.com#top', 'has a fragment'],
    ['https://user@app.example.com', 'contains user info'],
    ['https://App.Example.com', 'write "https://app.example.com"'],
    ['https://app.example.com:443', 'names the default port 443'],
    ['http://localhost:80', 'names the default port 80'],
    ['https://app.example.com:0', 'invalid port'],
    ['https://app.example.com:70000', 'invalid port'],
    ['https://app.example.com:', 'invalid port'],
    ['http://app.example.com', 'only localhost, 127.0.0.1 and [::1] may use http, write "https://app.example.com"'],
    ['http://192.168.1.10:3000', 'may use http'],
    ['https://*.*.example.com', 'has a "*" other than one leading'],
    ['https://app.*.com', 'has a "*" other than one leading'],
    ['https://*example.com', 'has a "*" other than one leading'],
    ['https://*.com', 'directly above a top-level domain'],
    ['https://-bad.example.com', 'invalid host name'],
    ['https://a..example.com', 'invalid host name'],
    ['https://app_1.example.com', 'invalid host name'],
  ])('refuses %j: %s', (origin, message) => {
    expect(describeOriginProblem(origin)).toContain(message);
  });
});

describe('isWildcardOrigin', () => {
  test('is true only for a leading subdomain wildcard', () => {
    expect(isWildcardOrigin('https://*.example.com')).toBe(true);
    expect(isWildcardOrigin('https://app.example.com')).toBe(false);
    expect(isWildcardOrigin('*')).toBe(false);
  });
});
