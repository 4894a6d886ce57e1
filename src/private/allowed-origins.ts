import { Token } from 'aws-cdk-lib';
import { DNS_LABEL, MAX_HOSTNAME_LENGTH } from './host-name';
import { spellProp } from './prop-spelling';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** The one origin value that means "any origin". */
export const ANY_ORIGIN = '*';

/** True for an origin with a leading `*.` subdomain wildcard. */
export function isWildcardOrigin(origin: string): boolean {
  return origin.includes('://*.');
}

/**
 * Checks one entry of `allowedOrigins`. Returns why it is not a valid browser
 * origin, phrased to end "...: <fix>", or undefined when it is valid. A bare
 * `*` is reported too: whether it is allowed is the caller's decision.
 */
export function describeOriginProblem(origin: string): string | undefined {
  if (Token.isUnresolved(origin)) return undefined;
  if (origin === ANY_ORIGIN) return `is a bare "*": set ${spellProp('allowAnyOrigin')} to true to allow every origin, or list the origins`;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(origin);
  if (!scheme) return 'has no scheme: write it as https://host[:port], e.g. "https://app.example.com"';
  const schemeName = scheme[1];
  if (schemeName !== schemeName.toLowerCase()) return `has an upper-case scheme: write "${schemeName.toLowerCase()}://"`;
  if (schemeName !== 'https' && schemeName !== 'http') return `uses scheme "${schemeName}": only https (and http for localhost) can be a browser origin`;
  const rest = origin.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  if (authorityEnd !== -1) {
    const tail = rest.slice(authorityEnd);
    const fixed = `${schemeName}://${rest.slice(0, authorityEnd)}`;
    if (tail === '/') return `has a trailing slash: an origin has no path, write "${fixed}"`;
    if (tail.startsWith('?')) return `has a query string: an origin is scheme, host and port only, write "${fixed}"`;
    if (tail.startsWith('#')) return `has a fragment: an origin is scheme, host and port only, write "${fixed}"`;
    return `has a path: an origin is scheme, host and port only, write "${fixed}"`;
  }
  if (rest.includes('@')) return 'contains user info ("@"): write scheme://host[:port] only';
  const hostPort = /^(\[[0-9a-fA-F:]+\]|[^:]+)(?::(\d*))?$/.exec(rest);
  if (!hostPort) return 'is not of the form scheme://host[:port]';
  const host = hostPort[1];
  const port = hostPort[2];
  // The pattern admits digits only, and an empty port is 0.
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `has an invalid port "${port}": use 1-65535`;
  // The browser's Origin header is the WHATWG URL parser's serialization of
  // the origin, and CORS compares it as a string: an entry in any other form
  // (default port, leading zeros, upper case, shorthand or hex IPv4, a
  // non-compressed IPv6, a Unicode host) would silently never match.
  const canonical = canonicalOrigin(origin);
  if (canonical === undefined) {
    return 'is not a valid URL (a host of digits and dots must be a valid IPv4 address): write scheme://host[:port], e.g. "https://app.example.com"';
  }
  if (canonical !== origin) {
    let why = 'is not written the way browsers send it in the Origin header';
    if (port !== undefined && Number(port) === Number(DEFAULT_PORTS[schemeName])) {
      why = `names the default port ${port}: browsers omit it from the Origin header`;
    } else if (host !== host.toLowerCase()) {
      why = 'has upper-case letters in the host: browsers send it lower-case';
    }
    return `${why}, write "${canonical}"`;
  }
  const wildcard = host.startsWith('*.');
  const bareHost = wildcard ? host.slice(2) : host;
  if (bareHost.includes('*')) return 'has a "*" other than one leading "*." subdomain wildcard: use e.g. "https://*.example.com"';
  if (!bareHost.startsWith('[')) {
    if (host.length > MAX_HOSTNAME_LENGTH) return `has a host name of ${host.length} characters: DNS allows at most ${MAX_HOSTNAME_LENGTH}`;
    const labels = bareHost.split('.');
    if (labels.some((label) => !DNS_LABEL.test(label))) return `has an invalid host name "${bareHost}"`;
    if (wildcard && labels.length < 2) return 'puts a wildcard directly above a top-level domain: name a registrable domain, e.g. "https://*.example.com"';
  }
  if (schemeName === 'http' && !LOOPBACK_HOSTS.has(host)) {
    return `uses http: only localhost, 127.0.0.1 and [::1] may use http, write "https://${host}${port ? ':' + port : ''}"`;
  }
  return undefined;
}

/** The origin as a browser serializes it (WHATWG URL `origin`), or undefined when `origin` is not a URL. */
function canonicalOrigin(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).origin : undefined;
}
