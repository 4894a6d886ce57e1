import { MAX_PARTS, MIN_PART_BYTES } from '../shared/s3-limits';

/** How a file of a given size is cut into parts. */
export interface PartLayout {
  /** Length of every part but the last. */
  readonly partSize: number;
  /** Number of parts (1 to 10,000). */
  readonly partCount: number;
}

/**
 * The server's part size for a file of `size` bytes: S3's 5 MiB minimum, or
 * the size over 10,000 parts when that is larger. It is Uppy's own rule
 * (`getChunkSize` unset), so a client using Uppy's defaults cuts the file
 * exactly where the signed lengths expect.
 */
export function partLayout(size: number): PartLayout {
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS));
  return { partSize, partCount: Math.ceil(size / partSize) };
}

/** The exact length of part `partNumber` (1-based) of a file of `size` bytes. */
export function partLength(size: number, layout: PartLayout, partNumber: number): number {
  return partNumber < layout.partCount ? layout.partSize : size - (layout.partCount - 1) * layout.partSize;
}
