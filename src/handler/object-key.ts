import { RequestError } from './request-error';
import { MAX_KEY_BYTES } from '../shared/s3-limits';

// Control characters (Cc: C0, DEL, C1), every format character (Cf: the bidi
// controls that make "evil\u202Etxt.exe" display as "evilexe.txt", the Arabic
// Letter Mark, zero-width characters, word joiners, the BOM...), line and
// paragraph separators (Zl, Zp), and lone surrogates (Cs: not well-formed text).
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

// A UTF-16 code unit that is half of a surrogate pair without its other half.
// (With the u flag, a well-formed pair is one code point and never matches.)
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const PATH_SEPARATORS = /[/\\]/;
// Letters, digits and marks in any script, and the punctuation S3 lists as safe in keys.
const UNSAFE_RUN = /[^\p{L}\p{N}\p{M}._()!-]+/gu;

/**
 * Validates a client-supplied file name and returns the form used in the key:
 * NFC-normalized, with every run of characters outside letters, digits and
 * `. _ - ( ) !` replaced by one `_`. Refuses (never repairs) names with control
 * characters, path separators or traversal segments.
 */
export function sanitizeFilename(filename: string): string {
  const name = filename.normalize('NFC');
  if (name.trim().length === 0) {
    throw new RequestError(400, 'INVALID_FILENAME', 'filename is empty.');
  }
  if (CONTROL_CHARACTERS.test(name)) {
    throw new RequestError(400, 'INVALID_FILENAME', 'filename contains a control, format or bidi character.');
  }
  if (PATH_SEPARATORS.test(name)) {
    throw new RequestError(400, 'INVALID_FILENAME', 'filename contains a path separator ("/" or "\\"); send the base name only.');
  }
  if (name === '.' || name === '..') {
    throw new RequestError(400, 'INVALID_FILENAME', `filename "${name}" is a path traversal segment.`);
  }
  return name.replace(UNSAFE_RUN, '_');
}

/**
 * Encodes a JWT subject as one key segment, injectively: `[A-Za-z0-9_-]` stay,
 * every other UTF-8 byte becomes `~XX` (upper-case hex). Distinct subjects can
 * therefore never share a prefix. A subject that is not well-formed UTF-16 (a
 * lone surrogate, which UTF-8 cannot carry) is refused rather than replaced,
 * since replacing would map distinct subjects to one prefix.
 */
export function encodeSubject(subject: string): string {
  if (LONE_SURROGATE.test(subject)) {
    throw new RequestError(403, 'INVALID_SUBJECT', 'The access token\'s "sub" claim is not well-formed Unicode text.');
  }
  let out = '';
  for (const ch of subject) {
    // Stryker disable next-line Regex: ch is one code point, so dropping an anchor matches the same characters
    if (/^[A-Za-z0-9_-]$/.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch)) {
        out += '~' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  return out;
}

/** Inputs of an object key. */
export interface ObjectKeyParts {
  /** Configured prefix, e.g. `uploads/` (may be empty). */
  readonly prefix: string;
  /** JWT subject of the caller, when uploads are keyed per user. */
  readonly subject?: string;
  /** Server-generated unique id (a UUID). */
  readonly id: string;
  /** File name as the client sent it. */
  readonly filename: string;
}

/**
 * Builds the key the server signs: `{prefix}[{subject}/]{id}/{filename}`.
 * The client never chooses it; it only contributes a sanitized base name.
 * S3's key limit is checked on the key itself, and the refusal blames what
 * made it too long: the caller's subject (which leaves no room for any file
 * name) or the file name.
 */
export function makeObjectKey(parts: ObjectKeyParts): string {
  const name = sanitizeFilename(parts.filename);
  const owner = parts.subject === undefined ? '' : encodeSubject(parts.subject) + '/';
  const folder = `${parts.prefix}${owner}${parts.id}/`;
  // The shortest key this caller could get: the folder and a one-byte name.
  if (Buffer.byteLength(folder) + 1 > MAX_KEY_BYTES) {
    throw new RequestError(403, 'SUBJECT_TOO_LONG', `The access token's "sub" claim is too long to fit in S3's ${MAX_KEY_BYTES}-byte object key.`);
  }
  const key = folder + name;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    const room = MAX_KEY_BYTES - Buffer.byteLength(folder);
    throw new RequestError(400, 'FILENAME_TOO_LONG',
      `filename makes the object key longer than S3's ${MAX_KEY_BYTES}-byte limit: it may be at most ${room} bytes once sanitized; shorten it.`);
  }
  return key;
}

// The id segment of every issued key: crypto.randomUUID(), a lower-case version 4 UUID.
const ISSUED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// What encodeSubject produces: unreserved characters and ~XX escapes.
const OWNER_SEGMENT = /^(?:[A-Za-z0-9_-]|~[0-9A-F]{2})+$/;

/** Whether `name` is a file name as makeObjectKey leaves it (sanitizing it again changes nothing). */
function isSanitizedName(name: string): boolean {
  let sanitized: string | undefined;
  try {
    sanitized = sanitizeFilename(name);
  } catch {
    // refused outright: makeObjectKey never leaves such a name
  }
  return sanitized === name;
}

/** Who a key must belong to: the configured prefix and, where keys are per caller, the caller. */
export interface IssuedKeyOwner {
  readonly prefix: string;
  /** The caller's identity (JWT `sub`, or the IAM caller), when uploads are keyed per caller. */
  readonly caller?: string;
}

/**
 * Checks that `key` has the shape of a key this endpoint issues
 * (`{prefix}[{caller}/]{uuid}/{name}`) and, where keys are per caller, that
 * its caller segment is this caller's. Steps of a multipart upload name their
 * key; S3 binds the upload id to it, so this is what keeps one caller from
 * signing for another's upload.
 */
export function checkIssuedKey(key: string, owner: IssuedKeyOwner): void {
  const segments = key.slice(owner.prefix.length).split('/');
  // Without a caller segment the first segment is the id, which OWNER_SEGMENT matches too.
  const shaped = key.startsWith(owner.prefix)
    && Buffer.byteLength(key) <= MAX_KEY_BYTES
    && segments.length === (owner.caller === undefined ? 2 : 3)
    && ISSUED_ID.test(segments[segments.length - 2])
    && isSanitizedName(segments[segments.length - 1])
    && OWNER_SEGMENT.test(segments[0]);
  if (!shaped) {
    throw new RequestError(400, 'INVALID_KEY', `key is not one this endpoint issues ("${owner.prefix}${owner.caller === undefined ? '' : '{caller}/'}{uuid}/{filename}"): send the key the upload started with.`);
  }
  if (owner.caller !== undefined && segments[0] !== encodeSubject(owner.caller)) {
    throw new RequestError(403, 'KEY_NOT_YOURS', 'key belongs to another caller: only the caller who started an upload may continue, complete or abort it.');
  }
}
