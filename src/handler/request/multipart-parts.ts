import { MAX_PARTS } from '../../shared/s3-limits';

/** How a file of a given size is cut into parts. */
export interface PartLayout {
  /** Length of every part but the last. */
  readonly partSize: number;
  /** Number of parts (1 to 10,000). */
  readonly partCount: number;
}

/**
 * How a file of `size` bytes is cut: parts of the configured `partSize` (5 MiB
 * to 5 GiB), or of the size over 10,000 parts when that is larger, so no file
 * up to S3's largest object needs more than 10,000. It is Uppy 6's own rule
 * with `getChunkSize` returning `partSize`, so the README's glue cuts the
 * file exactly where the signed lengths and checksums expect.
 */
export function partLayout(size: number, partSize: number): PartLayout {
  const length = Math.max(partSize, Math.ceil(size / MAX_PARTS));
  return { partSize: length, partCount: Math.ceil(size / length) };
}

/** The exact length of part `partNumber` (1-based) of a file of `size` bytes. */
export function partLength(size: number, layout: PartLayout, partNumber: number): number {
  return partNumber < layout.partCount ? layout.partSize : size - (layout.partCount - 1) * layout.partSize;
}
