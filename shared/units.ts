// One size style for the whole app (core messages, CLI, UI): binary units, so one file is never "6.0 MB" here and "6 MiB" there.
// Sizes as a technician reads them in a message ("1.2 GiB of 4 GiB"): binary units, one decimal at most.
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} bytes`;
  let value = bytes;
  let unit = 'bytes';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  // One decimal keeps "1.2 GiB" honest without "4.0 GiB" noise.
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${unit}`;
}
