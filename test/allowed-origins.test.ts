import { Lazy } from 'aws-cdk-lib';
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
    ['*', 'set allowAnyOrigin to true'],
    ['app.example.com', 'has no scheme'],
    ['ftp://app.example.com', 'uses scheme "ftp"'],
    ['https://app.example.com/', 'has a trailing slash: an origin has no path, write "https://app.example.com"'],
    ['https://app.example.com/upload', 'has a path'],
    ['https://app.example.com?x=1', 'has a query string'],
    ['https://app.example.com#top', 'has a fragment'],
    ['https://user@app.example.com', 'contains user info'],
    ['http://localhost:80', 'names the default port 80'],
    ['https://app.example.com:0', 'invalid port'],
    ['https://app.example.com:70000', 'invalid port'],
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

describe('an entry must be exactly what a browser sends in the Origin header', () => {
  // Each refusal names the canonical form: the WHATWG URL parser's origin.
  test.each([
    ['https://a.com:0443', 'https://a.com'],
    ['http://localhost:080', 'http://localhost'],
    ['https://app.example.com:08443', 'https://app.example.com:8443'],
    ['https://127.1', 'https://127.0.0.1'],
    ['https://0x7f.0.0.1', 'https://127.0.0.1'],
    ['https://0177.0.0.1', 'https://127.0.0.1'],
    ['http://[0:0::1]:5173', 'http://[::1]:5173'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
    ['https://b\u00fccher.example', 'https://xn--bcher-kva.example'],
    ['https://App.Example.com:0443', 'https://app.example.com'],
  ])('refuses %j and names %j', (origin, canonical) => {
    expect(describeOriginProblem(origin)).toMatch(new RegExp(`, write "${canonical.replace(/[.[\]]/g, '\\$&')}"$`));
    expect(new URL(origin).origin).toBe(canonical);
    expect(describeOriginProblem(canonical)).toBeUndefined();
  });

  test('refuses a host that is not a URL host at all', () => {
    expect(describeOriginProblem('https://999.1.1.1')).toContain('is not a valid URL');
    expect(describeOriginProblem('https://1.2.3.256')).toContain('is not a valid URL');
  });

  test('host names: at most 253 characters, labels at most 63', () => {
    const label = (n: number, ch: string) => ch.repeat(n);
    const host253 = [label(63, 'a'), label(63, 'b'), label(63, 'c'), label(61, 'd')].join('.');
    expect(host253).toHaveLength(253);
    expect(describeOriginProblem(`https://${host253}`)).toBeUndefined();
    expect(describeOriginProblem(`https://${host253}e`)).toContain('253');
    expect(describeOriginProblem(`https://${label(63, 'a')}.example.com`)).toBeUndefined();
    expect(describeOriginProblem(`https://${label(64, 'a')}.example.com`)).toContain('invalid host name');
  });

  test('ports at the edges: 1 and 65535 are valid, 0 and 65536 are not', () => {
    expect(describeOriginProblem('https://app.example.com:1')).toBeUndefined();
    expect(describeOriginProblem('https://app.example.com:65535')).toBeUndefined();
    expect(describeOriginProblem('https://app.example.com:0')).toContain('invalid port "0"');
    expect(describeOriginProblem('https://app.example.com:65536')).toContain('invalid port "65536"');
  });

  test('a trailing dot is refused (browsers keep it, so it would be a different origin)', () => {
    expect(describeOriginProblem('https://example.com.')).toContain('invalid host name');
  });
});

describe('isWildcardOrigin', () => {
  test('is true only for a leading subdomain wildcard', () => {
    expect(isWildcardOrigin('https://*.example.com')).toBe(true);
    expect(isWildcardOrigin('https://app.example.com')).toBe(false);
    expect(isWildcardOrigin('*')).toBe(false);
  });
});

describe('each refusal, worded in full', () => {
  test.each([
    [' https://app.example.com', 'has no scheme: write it as https://host[:port], e.g. "https://app.example.com"'],
    ['HTTPS://app.example.com', 'has an upper-case scheme: write "https://"'],
    ['https://a:b:1', 'is not of the form scheme://host[:port]'],
    ['https://app.example.com:80x', 'is not of the form scheme://host[:port]'],
    ['https://:8080', 'is not of the form scheme://host[:port]'],
    ['https://app.example.com:', 'has an invalid port "": use 1-65535'],
    ['https://App.Example.com', 'has upper-case letters in the host: browsers send it lower-case, write "https://app.example.com"'],
    ['https://app.example.com:443', 'names the default port 443: browsers omit it from the Origin header, write "https://app.example.com"'],
    ['https://app.example.com:080', 'is not written the way browsers send it in the Origin header, write "https://app.example.com:80"'],
    ['https://0x7f.0.0.1', 'is not written the way browsers send it in the Origin header, write "https://127.0.0.1"'],
    ['http://app.example.com:8080', 'uses http: only localhost, 127.0.0.1 and [::1] may use http, write "https://app.example.com:8080"'],
    ['http://app.example.com', 'uses http: only localhost, 127.0.0.1 and [::1] may use http, write "https://app.example.com"'],
  ])('%j %s', (origin, problem) => {
    expect(describeOriginProblem(origin)).toBe(problem);
  });

  test('an origin that is not known until deployment (a token) is left to the browser', () => {
    expect(describeOriginProblem(Lazy.string({ produce: () => 'https://app.example.com/' }))).toBeUndefined();
  });
});
