// Shared: sizes and durations as the construct's errors and the handler's messages describe them.

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count for people: `512 bytes`, `10 GiB`, or `1.5 GiB (1610612736 bytes)`
 * when the largest fitting binary unit does not divide it (one decimal, rounded
 * down: `4.9 MiB (5242879 bytes)`), so the exact number is never lost.
 */
export function describeBytes(bytes: number): string {
  let unit = -1;
  let scaled = bytes;
  while (unit + 1 < UNITS.length && scaled >= 1024) {
    scaled /= 1024;
    unit++;
  }
  if (unit < 0) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const name = UNITS[unit];
  if (Number.isInteger(scaled)) return `${scaled} ${name}`;
  // Rounded down, so a size just under a unit never reads as that unit, and one just over it says so.
  const shown = Math.floor(scaled * 10) / 10;
  return `${Number.isInteger(shown) ? 'just over ' : ''}${shown} ${name} (${bytes} bytes)`;
}

/** A whole number of seconds for people: `1 day`, `5 minutes`, `90 seconds`. */
export function describeSeconds(seconds: number): string {
  for (const [size, name] of [[86_400, 'day'], [3_600, 'hour'], [60, 'minute']] as const) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** How long until something, for people: exact up to 90 seconds, then `about` so many minutes or hours, rounded up. */
export function describeWait(seconds: number): string {
  if (seconds <= 90) return describeSeconds(seconds);
  if (seconds <= 90 * 60) return `about ${Math.ceil(seconds / 60)} minutes`;
  return `about ${Math.ceil(seconds / 3600)} hours`;
}
