/** Chart labels of metric values by unit (percent, bytes, milliseconds, count): the resource
 * drawer's charts and the Monitoring area's. */
const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Axis ticks: as short as the value allows ("35%", "1.2 s", "4 MB", "12K"). */
export function formatTick(v: number, unit: string | undefined): string {
  if (!Number.isFinite(v)) return '';
  if (unit === 'percent') return `${v >= 10 || v === 0 ? v.toFixed(0) : v.toFixed(1)}%`;
  if (unit === 'milliseconds') return v >= 1000 ? `${compactNumber.format(v / 1000)} s` : `${v.toFixed(0)} ms`;
  if (unit === 'bytes') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let x = Math.abs(v);
    let i = 0;
    // From 1,000 up the next unit: "1000 KB" would need a wider axis than "1.0 MB".
    while (x >= 1000 && i < units.length - 1) {
      x /= 1024;
      i += 1;
    }
    return `${Math.sign(v) < 0 ? '-' : ''}${x >= 10 || i === 0 ? x.toFixed(0) : x.toFixed(1)} ${units[i]}`;
  }
  return compactNumber.format(v);
}

/**
 * Room for the longest tick label (11 px text, about 7 px a character), within sensible bounds.
 * Ticks between 0 and the top are not known here, so sizes and durations assume their widest
 * form ("732 KB", "999 ms"); numbers measure a value a bit above the maximum, as Recharts rounds
 * the top tick up.
 */
export function axisWidth(values: readonly number[], unit: string | undefined): number {
  const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const samples = [max, max * 1.25, 0].map((v) => formatTick(v, unit));
  if (unit === 'percent') samples.push('100%');
  if (unit === 'bytes') samples.push('999 KB');
  if (unit === 'milliseconds') samples.push(max >= 1000 ? '9.9 s' : '999 ms');
  const longest = samples.reduce((m, s) => Math.max(m, s.length), 1);
  return Math.min(84, Math.max(32, Math.ceil(longest * 7) + 12));
}

/** A value with its unit, for tooltips and tables: "82.5 %", "1.2 MB", "340 ms", "1,204". */
export function formatMeasure(v: number, unit: string | undefined): string {
  if (unit === 'percent') return `${v.toFixed(1)} %`;
  if (unit === 'milliseconds') return `${v.toFixed(0)} ms`;
  if (unit === 'bytes') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let x = v;
    let i = 0;
    while (Math.abs(x) >= 1024 && i < units.length - 1) {
      x /= 1024;
      i += 1;
    }
    return `${x.toFixed(x < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
  }
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 100) / 100);
}
