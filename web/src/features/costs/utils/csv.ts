import type { BreakdownRow } from './breakdown';

function cell(v: string | number): string {
  const s = String(v);
  // Quote what CSV needs quoted; a leading =+-@ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The breakdown table as CSV: one line per group, amounts unformatted in `currency`. */
export function breakdownCsv(groupLabel: string, currency: string, rows: BreakdownRow[], label: (value: string) => string): string {
  const lines = [[groupLabel, `Total (${currency})`, 'Share (%)', `Previous period (${currency})`].map(cell).join(',')];
  for (const r of rows) {
    lines.push([label(r.value), r.total.toFixed(2), (r.share * 100).toFixed(2), r.previous === null ? '' : r.previous.toFixed(2)].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
