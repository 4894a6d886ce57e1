import { RequestError } from './request-error';
import { MAX_KEY_BYTES } from '../shared/s3-limits';

// C0 and C1 control characters, plus the Unicode bidi controls that make
// "evil\u202Etxt.exe" display as "evilexe.txt".
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
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
    throw new RequestError(400, 'INVALID_FILENAME', 'filename contains a control character.');
  }
  if (PATH_SEPARATORS.test(name)) {
    throw new RequestError(400, 'INVALID_FILENAME', 'filename contains a path separator ("/" or "\\"); send the base name only.');
  }
  if (name === '.' || name === '..') {
    throw new RequestError(400, 'INVALID_FILENAME', `filename "${name}" is a path traversal segment.`);
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_KEY_BYTES) {
    throw new RequestError(400, 'FILENAME_TOO_LONG', `filename is longer than S3's ${MAX_KEY_BYTES}-byte key limit.`);
  }
  return name.replace(UNSAFE_RUN, '_');
}

/**
 * Encodes a JWT subject as one key segment, injectively: `[A-Za-z0-9_-]` stay,
 * every other UTF-8 byte becomes `~XX` (upper-case hex). Distinct subjects can
 * therefore never share a prefix.
 */
export function encodeSubject(subject: string): string {
  let out = '';
  for (const ch of subject) {
    if (/^[A-Za-z0-9_-]$/.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, 'utf8')) {
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
 */
export function makeObjectKey(parts: ObjectKeyParts): string {
  const name = sanitizeFilename(parts.filename);
  const owner = parts.subject === undefined ? '' : encodeSubject(parts.subject) + '/';
  const key = `${parts.prefix}${owner}${parts.id}/${name}`;
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new RequestError(400, 'FILENAME_TOO_LONG', `filename makes the object key longer than S3's ${MAX_KEY_BYTES}-byte limit; shorten it.`);
  }
  return key;
}
