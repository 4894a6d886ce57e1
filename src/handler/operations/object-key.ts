import { KEY_ID } from './key-id';
import { MAX_KEY_BYTES } from '../../shared/s3-limits';
import { CALLER_SEGMENT } from '../caller/caller';
import { RequestError } from '../request-error';

// Control characters (Cc: C0, DEL, C1), every format character (Cf: the bidi
// controls that make "evil\u202Etxt.exe" display as "evilexe.txt", the Arabic
// Letter Mark, zero-width characters, word joiners, the BOM...), line and
// paragraph separators (Zl, Zp), and lone surrogates (Cs: not well-formed text).
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

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

/** Inputs of an object key. */
export interface ObjectKeyParts {
  /** Configured prefix, e.g. `uploads/` (may be empty). */
  readonly prefix: string;
  /** The caller's segment (`callerSegment`), where keys are per caller. */
  readonly callerSegment?: string;
  /** Server-generated unique id (`makeKeyId`: a UUID that carries the upload's size). */
  readonly id: string;
  /** File name as the client sent it. */
  readonly filename: string;
}

/**
 * Builds the key the server signs: `{prefix}[{callerSegment}/]{id}/{filename}`.
 * The client never chooses it; it only contributes a sanitized base name.
 * S3's key limit is checked on the key itself.
 */
export function makeObjectKey(parts: ObjectKeyParts): string {
  const name = sanitizeFilename(parts.filename);
  const owner = parts.callerSegment === undefined ? '' : parts.callerSegment + '/';
  const folder = `${parts.prefix}${owner}${parts.id}/`;
  const key = folder + name;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    const room = MAX_KEY_BYTES - Buffer.byteLength(folder);
    throw new RequestError(400, 'FILENAME_TOO_LONG',
      `filename makes the object key longer than S3's ${MAX_KEY_BYTES}-byte limit: it may be at most ${room} bytes once sanitized; shorten it.`);
  }
  return key;
}

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
export interface IssuedKeyShape {
  readonly prefix: string;
  /** The caller's segment (`callerSegment`), where keys are per caller. */
  readonly callerSegment?: string;
}

/**
 * Checks that `key` has the shape of a key this endpoint issues
 * (`{prefix}[{caller}/]{uuid}/{name}`) and, where keys are per caller, that
 * its caller segment is this caller's, and returns its id segment (the
 * `{uuid}`, see `makeKeyId`). Steps of a multipart upload name their key; S3
 * binds the upload id to it, so this is what keeps one caller from signing
 * for another's upload.
 */
export function checkIssuedKey(key: string, owner: IssuedKeyShape): string {
  const segments = key.slice(owner.prefix.length).split('/');
  const perCaller = owner.callerSegment !== undefined;
  const shaped = key.startsWith(owner.prefix)
    && Buffer.byteLength(key) <= MAX_KEY_BYTES
    && segments.length === (perCaller ? 3 : 2)
    && KEY_ID.test(segments[segments.length - 2])
    && isSanitizedName(segments[segments.length - 1])
    && (!perCaller || CALLER_SEGMENT.test(segments[0]));
  if (!shaped) {
    throw new RequestError(400, 'INVALID_KEY', `key is not one this endpoint issues ("${owner.prefix}${perCaller ? '{caller}/' : ''}{uuid}/{filename}"): send the key the upload started with.`);
  }
  if (perCaller && segments[0] !== owner.callerSegment) {
    throw new RequestError(403, 'KEY_NOT_YOURS', 'key belongs to another caller: only the caller who started an upload may continue, complete or abort it.');
  }
  return segments[segments.length - 2];
}
