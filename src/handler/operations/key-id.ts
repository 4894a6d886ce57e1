import { createHmac, timingSafeEqual } from 'node:crypto';
import { RequestError } from '../request-error';

/**
 * The id segment of a new upload's key carries the upload's size, so that
 * every later step of the upload can be held to the size its first presign
 * call declared (and the quotas counted) without any server-side state.
 *
 * It is a lower-case version 4 UUID, like `crypto.randomUUID()`'s, whose
 * 122 free bits are split in two:
 *
 * - the first 8 bytes (60 free bits) are random: the nonce;
 * - the last 8 bytes (62 free bits) are the first 8 bytes of
 *   HMAC-SHA256(secret, `key-id v1 {nonce hex} {size}`), the size tag.
 *
 * S3 binds an upload id to its key, and the key to this id, so a step
 * that names another size than the upload's would need a second size with
 * the same 62-bit tag under a secret it does not know.
 */

/** What a well-formed key id looks like (a lower-case version 4 UUID). */
export const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The bytes of a UUID, as 32 hex digits without its dashes.
function hexOf(uuid: string): string {
  return uuid.replace(/-/g, '');
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 8 bytes after the nonce: the size tag, with the UUID's variant bits (10xx) in its first byte. */
function sizeTag(nonceHex: string, size: number, secret: Buffer): Buffer {
  const tag = createHmac('sha256', secret).update(`key-id v1 ${nonceHex} ${size}`).digest().subarray(0, 8);
  tag[0] = 0x80 + (tag[0] % 0x40); // the top two bits 10, the other six the HMAC's
  return tag;
}

/**
 * The key id of a new upload of `size` bytes: the nonce from `random` (a
 * version 4 UUID, normally `crypto.randomUUID()`, whose first 8 bytes, with
 * the version digit, are kept) and the size tag under `secret`.
 */
export function makeKeyId(random: string, size: number, secret: Buffer): string {
  if (!KEY_ID.test(random)) {
    throw new Error(`makeKeyId needs a lower-case version 4 UUID as its randomness, not "${random}"`);
  }
  const nonceHex = hexOf(random).slice(0, 16);
  return uuidOf(nonceHex + sizeTag(nonceHex, size, secret).toString('hex'));
}

/**
 * Refuses a step that names another size than the one its upload started
 * with: the key id (well-formed, see `KEY_ID`) was made for `size` bytes,
 * or the request is refused with 400 `SIZE_MISMATCH`.
 */
export function checkKeyIdSize(keyId: string, size: number, secret: Buffer): void {
  const hex = hexOf(keyId);
  const expected = sizeTag(hex.slice(0, 16), size, secret);
  if (!timingSafeEqual(Buffer.from(hex.slice(16), 'hex'), expected)) {
    throw new RequestError(400, 'SIZE_MISMATCH',
      `"size" is ${size} bytes, which is not the size this upload started with: every step of an upload sends the size `
      + 'its first presign call declared (the file\'s exact size), and a file of another size is a new upload.');
  }
}
