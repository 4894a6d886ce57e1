/* eslint-disable no-bitwise -- a CRC is bit arithmetic */
// CRC64NVME (S3's default checksum) for browsers, with no dependency: 16 bytes a step, from a table of 16 x 256 entries,
// each a [low 32 bits, high 32 bits] pair, as JavaScript has no fast 64-bit integers.
const TABLE = new Uint32Array(2 * 16 * 256); // [low, high] of byte n followed by k more bytes, at 2 * (256 * k + n)
for (let n = 0; n < 16 * 256; n++) {
  let low = n < 256 ? n : TABLE[2 * (n - 256)], high = n < 256 ? 0 : TABLE[2 * (n - 256) + 1];
  for (let bit = 0; bit < (n < 256 ? 8 : 0); bit++) {
    const mask = -(low & 1);
    [low, high] = [((low >>> 1) | (high << 31)) ^ (0xac4bc9b5 & mask), (high >>> 1) ^ (0x9a6c9329 & mask)];
  }
  if (n >= 256) [low, high] = [((low >>> 8) | (high << 24)) ^ TABLE[2 * (low & 255)], (high >>> 8) ^ TABLE[2 * (low & 255) + 1]];
  TABLE[2 * n] = low; TABLE[2 * n + 1] = high;
}

/** A CRC64NVME being computed: feed it bytes in order with `update`, read it with `digest`, as often as you like. */
export class Crc64Nvme {
  private low = 0xffffffff; // inverted while running
  private high = 0xffffffff;

  /** Adds `bytes`, the ones that follow those added before. */
  update(bytes: Uint8Array): this {
    // Read 4 bytes a word, little-endian as every browser is; a view that does not start on a word boundary is copied first.
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2), t = TABLE;
    let low = this.low, high = this.high, i = 0;
    for (; i + 4 <= words.length; i += 4) { // each byte's table is the one for the bytes that follow it in the step
      const a = low ^ words[i], b = high ^ words[i + 1], c = words[i + 2], d = words[i + 3];
      const a0 = 7680 + 2 * (a & 255), a1 = 7168 + 2 * ((a >>> 8) & 255), a2 = 6656 + 2 * ((a >>> 16) & 255), a3 = 6144 + 2 * (a >>> 24);
      const b0 = 5632 + 2 * (b & 255), b1 = 5120 + 2 * ((b >>> 8) & 255), b2 = 4608 + 2 * ((b >>> 16) & 255), b3 = 4096 + 2 * (b >>> 24);
      const c0 = 3584 + 2 * (c & 255), c1 = 3072 + 2 * ((c >>> 8) & 255), c2 = 2560 + 2 * ((c >>> 16) & 255), c3 = 2048 + 2 * (c >>> 24);
      const d0 = 1536 + 2 * (d & 255), d1 = 1024 + 2 * ((d >>> 8) & 255), d2 = 512 + 2 * ((d >>> 16) & 255), d3 = 2 * (d >>> 24);
      low = t[a0] ^ t[a1] ^ t[a2] ^ t[a3] ^ t[b0] ^ t[b1] ^ t[b2] ^ t[b3] ^ t[c0] ^ t[c1] ^ t[c2] ^ t[c3] ^ t[d0] ^ t[d1] ^ t[d2] ^ t[d3];
      high = t[a0 + 1] ^ t[a1 + 1] ^ t[a2 + 1] ^ t[a3 + 1] ^ t[b0 + 1] ^ t[b1 + 1] ^ t[b2 + 1] ^ t[b3 + 1]
        ^ t[c0 + 1] ^ t[c1 + 1] ^ t[c2 + 1] ^ t[c3 + 1] ^ t[d0 + 1] ^ t[d1 + 1] ^ t[d2 + 1] ^ t[d3 + 1];
    }
    for (i *= 4; i < aligned.length; i++) { // the last 0 to 15 bytes, one at a time
      const at = 2 * ((low ^ aligned[i]) & 255);
      [low, high] = [((low >>> 8) | (high << 24)) ^ t[at], (high >>> 8) ^ t[at + 1]];
    }
    this.low = low; this.high = high;
    return this;
  }

  /** The CRC64NVME of the bytes so far, in base64, as S3 takes it in `x-amz-checksum-crc64nvme`. */
  digest(): string {
    const bigEndian = new Uint8Array(new Uint32Array([~this.low, ~this.high]).buffer).reverse();
    return btoa(String.fromCharCode(...bigEndian));
  }
}

/**
 * The CRC64NVME of a file or any Blob, in base64, as S3 takes it in `x-amz-checksum-crc64nvme`. It reads the blob
 * 8 MiB at a time, never whole, and adds the same bytes to each of `alsoInto` (to build a whole file's CRC from its parts').
 */
export async function crc64nvme(blob: Blob, ...alsoInto: Crc64Nvme[]): Promise<string> {
  const crc = new Crc64Nvme();
  for (let offset = 0; offset < blob.size; offset += 2 ** 23) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + 2 ** 23).arrayBuffer());
    for (const each of [crc, ...alsoInto]) each.update(bytes);
  }
  return crc.digest();
}
