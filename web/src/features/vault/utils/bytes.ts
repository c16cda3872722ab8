/** Sizes as people read them: 1,536 → "1.5 KB" (powers of 1024, like file managers). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')} ${units[i]}`;
}

export type SizeUnit = 'MB' | 'GB' | 'TB';
const FACTOR: Record<SizeUnit, number> = { MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** "5" GB → bytes; null for an empty field (no quota); NaN for something that is not a size. */
export function parseSize(value: string, unit: SizeUnit): number | null {
  const t = value.trim();
  if (t === '') return null;
  if (!/^\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * FACTOR[unit]);
}

/** Bytes → the largest unit that shows it as a number people type: 5368709120 → ["5", "GB"]. */
export function splitSize(bytes: number | null | undefined): [string, SizeUnit] {
  if (bytes === null || bytes === undefined) return ['', 'GB'];
  for (const unit of ['TB', 'GB', 'MB'] as SizeUnit[]) {
    const v = bytes / FACTOR[unit];
    if (v >= 1 && Number.isInteger(Math.round(v * 100) / 100)) return [String(Math.round(v * 100) / 100), unit];
  }
  return [String(Math.round((bytes / FACTOR.MB) * 100) / 100), 'MB'];
}
