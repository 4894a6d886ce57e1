/* eslint-disable no-bitwise -- a CRC is bit arithmetic */

/*
 * CRC64NVME, S3's default checksum, with no dependency. JavaScript has no
 * fast 64-bit integers, so each 64-bit value is a [low 32 bits, high 32
 * bits] pair, and the CRC advances 16 bytes a step ("slicing by 16"): the
 * table holds, for each of the 16 positions of a byte in a step, the CRC of
 * that byte followed by the bytes after it.
 */

/** The reflected CRC64NVME polynomial (0x9a6c9329ac4bc9b5), as [low, high]. */
const POLY_LOW = 0xac4bc9b5;
const POLY_HIGH = 0x9a6c9329;
/** Bytes per step. */
const STEP = 16;

/** [low, high] of byte n followed by k more zero bytes, at 2 * (256 * k + n). */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(2 * STEP * 256);
  for (let n = 0; n < 256; n++) {
    let low = n;
    let high = 0;
    for (let bit = 0; bit < 8; bit++) {
      const mask = -(low & 1);
      const nextLow = ((low >>> 1) | (high << 31)) ^ (POLY_LOW & mask);
      high = (high >>> 1) ^ (POLY_HIGH & mask);
      low = nextLow;
    }
    table[2 * n] = low;
    table[2 * n + 1] = high;
  }
  for (let n = 256; n < STEP * 256; n++) {
    const low = table[2 * (n - 256)];
    const high = table[2 * (n - 256) + 1];
    const at = 2 * (low & 255);
    table[2 * n] = ((low >>> 8) | (high << 24)) ^ table[at];
    table[2 * n + 1] = (high >>> 8) ^ table[at + 1];
  }
  return table;
}

/** Offset in TABLE of the entry for byte `value` at position `position` (0 to 15) of a step. */
function entry(position: number, value: number): number {
  return 2 * (256 * (STEP - 1 - position) + value);
}

/** A CRC64NVME being computed: feed it bytes in order with `update`, read it with `digest`, as often as you like. */
export class Crc64Nvme {
  /** The running CRC, inverted, as [low, high]. */
  private low = 0xffffffff;
  private high = 0xffffffff;

  /** Adds `bytes`, the ones that follow those added before. */
  public update(bytes: Uint8Array): this {
    const t = TABLE;
    let low = this.low;
    let high = this.high;
    let i = 0;
    // Whole steps, a byte at a time within each (no alignment or byte order to care about).
    for (; i + STEP <= bytes.length; i += STEP) {
      let nextLow = 0;
      let nextHigh = 0;
      for (let k = 0; k < STEP; k++) {
        const crcByte = k < 4 ? (low >>> (8 * k)) & 255 : k < 8 ? (high >>> (8 * (k - 4))) & 255 : 0;
        const at = entry(k, (bytes[i + k] ^ crcByte) & 255);
        nextLow ^= t[at];
        nextHigh ^= t[at + 1];
      }
      low = nextLow;
      high = nextHigh;
    }
    // The last 0 to 15 bytes, one at a time.
    for (; i < bytes.length; i++) {
      const at = 2 * ((low ^ bytes[i]) & 255);
      const nextLow = ((low >>> 8) | (high << 24)) ^ t[at];
      high = (high >>> 8) ^ t[at + 1];
      low = nextLow;
    }
    this.low = low;
    this.high = high;
    return this;
  }

  /** The CRC64NVME of the bytes so far, in base64, as S3 takes it in `x-amz-checksum-crc64nvme`. */
  public digest(): string {
    const low = ~this.low >>> 0;
    const high = ~this.high >>> 0;
    const bytes = [high >>> 24, (high >>> 16) & 255, (high >>> 8) & 255, high & 255, low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255];
    return btoa(String.fromCharCode(...bytes));
  }
}

/** How much of a blob is read at once while hashing: 8 MiB. */
export const READ_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * The CRC64NVME of a blob (a File, or a slice of one), in base64. It reads
 * the blob `READ_CHUNK_BYTES` at a time, never whole, and adds the same bytes
 * to each of `alsoInto` (to build a whole file's CRC from its parts').
 */
export async function crc64nvme(blob: Blob, ...alsoInto: Crc64Nvme[]): Promise<string> {
  const crc = new Crc64Nvme();
  for (let offset = 0; offset < blob.size; offset += READ_CHUNK_BYTES) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + READ_CHUNK_BYTES).arrayBuffer());
    crc.update(bytes);
    for (const other of alsoInto) other.update(bytes);
  }
  return crc.digest();
}
