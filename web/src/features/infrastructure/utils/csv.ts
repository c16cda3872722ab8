import type { Resource } from '@/lib/api/types';

export const CSV_COLUMNS = ['name', 'type', 'provider', 'region', 'status', 'monthlyCost', 'tags', 'externalId', 'id'] as const;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab/carriage return that some
 * spreadsheets skip before one) gets a leading apostrophe: CSV injection (OWASP). Resource
 * names and tags come from the clouds and from other users, so they are not trusted.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: unknown): string {
  const text = neutralizeFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Tags in one cell: `key=value` pairs separated by "; ", in the server's order. */
export function formatTagsCell(tags: Record<string, string> | null | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

export function csvRow(values: unknown[]): string {
  return values.map(csvField).join(',');
}

/** The inventory as CSV: a header, a record per resource, CRLF line ends (RFC 4180). */
export function resourcesToCsv(resources: readonly Resource[]): string {
  const lines = [csvRow([...CSV_COLUMNS])];
  for (const r of resources) {
    lines.push(csvRow([r.name, r.type, r.provider, r.region, r.status, r.monthlyCost, formatTagsCell(r.tags), r.externalId, r.id]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function csvFileName(now = new Date()): string {
  const d = now.toISOString().slice(0, 10);
  return `cloudweave-resources-${d}.csv`;
}
