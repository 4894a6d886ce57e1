// Shared: both the construct (synth-time validation) and the presign handler use this file.

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const MAX_CONTENT_TYPE_LENGTH = 255;

/** Subtypes a browser renders as a document or runs as script when served inline. */
const EXECUTABLE_SUBTYPES = /^(?:html|xhtml|xml|xsl|xslt|x-shockwave-flash|x-mixed-replace|(?:x-)?(?:java|ecma|j|live)script(?:\d(?:\.\d)?)?)$/;

/**
 * True for media types a browser may execute or render as an active document
 * (HTML, XHTML, SVG and every other XML type, JavaScript and its aliases, Flash,
 * server-push multipart). Serving such a file from your domain invites stored XSS.
 */
export function isBrowserExecutable(mediaType: string): boolean {
  const slash = mediaType.indexOf('/');
  const subtype = mediaType.slice(slash + 1);
  return subtype.endsWith('+xml') || EXECUTABLE_SUBTYPES.test(subtype);
}

/**
 * Checks the syntax of a media type: `type/subtype`, lower-cased, with no
 * parameters, whitespace or line breaks. Returns a problem description, or
 * undefined when the value is well formed. `allowWildcard` accepts `type/*`.
 */
export function describeMediaTypeProblem(value: string, allowWildcard = false): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > MAX_CONTENT_TYPE_LENGTH) return `is longer than ${MAX_CONTENT_TYPE_LENGTH} characters`;
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (value.includes(';')) {
    const bare = value.slice(0, value.indexOf(';')).trim();
    return `has parameters (";"); ${bare === '' ? 'send the bare type/subtype' : `send the bare type, "${bare}"`}`;
  }
  if (/\s/.test(value)) return 'contains whitespace';
  // Header values are ASCII; refusing (not lower-casing) keeps e.g. the Kelvin
  // sign U+212A from turning into an ASCII "k" the client never asked for.
  if (/[^\x21-\x7e]/.test(value)) return 'contains a non-ASCII character';
  const parts = value.toLowerCase().split('/');
  if (parts.length !== 2) return 'is not of the form type/subtype';
  const [type, subtype] = parts;
  if (!TOKEN.test(type)) return 'has an invalid type';
  if (allowWildcard && subtype === '*') return undefined;
  if (!TOKEN.test(subtype)) return 'has an invalid subtype';
  return undefined;
}
