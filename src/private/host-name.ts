/** One DNS label: letters, digits and inner hyphens, 1 to 63 characters, lower case. */
export const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Longest DNS host name, in characters, without a trailing dot. */
export const MAX_HOSTNAME_LENGTH = 253;

/**
 * Checks a name for a CloudFront alternate domain name (`resultsDomain.domainNames`):
 * a bare, lower-case host name, with `*` allowed only as the whole first label.
 * Returns why it is not one, ending in the fix, or undefined when it is.
 */
export function describeDomainNameProblem(name: string): string | undefined {
  const bare = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(name);
  if (bare) return `is a URL: write the host name only, "${bare[1].toLowerCase()}"`;
  if (/[/?#:@\s]/.test(name)) return 'is not a bare host name (no scheme, port, path or spaces): write e.g. "files.example.com"';
  if (name !== name.toLowerCase()) return `has upper-case letters: write "${name.toLowerCase()}"`;
  if (name.length > MAX_HOSTNAME_LENGTH) return `is ${name.length} characters long: DNS allows at most ${MAX_HOSTNAME_LENGTH}`;
  const labels = name.split('.');
  const [first, ...others] = labels;
  if (others.length === 0) return 'is a single label: write a fully qualified name, e.g. "files.example.com"';
  if (first === '*' && others.length < 2) return 'puts a wildcard directly above a top-level domain: write e.g. "*.example.com"';
  if (first !== '*' && first.includes('*')) return 'has a "*" that is not the whole first label: write e.g. "*.example.com"';
  const bad = (first === '*' ? others : labels).find((label) => !DNS_LABEL.test(label));
  if (bad !== undefined) return `has an invalid label "${bad}": use letters, digits and inner hyphens, 1 to 63 characters (punycode for other scripts)`;
  return undefined;
}
