/** Date ranges of cost views (the Costs page's presets, the dashboard's months), as the API's UTC days: [from, to). */
export const RANGE_PRESETS = [
  { id: 'last30', label: 'Last 30 days' },
  { id: 'thisMonth', label: 'This month' },
  { id: 'lastMonth', label: 'Last month' },
  { id: 'last3Months', label: 'Last 3 months' },
  { id: 'last12Months', label: 'Last 12 months' },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];

export interface DayRange {
  from: string;
  to: string;
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

/**
 * The days a preset covers on `now`'s UTC day. "Last N months" are whole calendar months up to
 * and including this one, so monthly buckets are all complete but the last.
 */
export function presetRange(preset: RangePreset, now: Date): DayRange {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const tomorrow = day(utc(y, m, now.getUTCDate() + 1));
  switch (preset) {
    case 'last30':
      return { from: day(utc(y, m, now.getUTCDate() - 29)), to: tomorrow };
    case 'thisMonth':
      return { from: day(utc(y, m, 1)), to: tomorrow };
    case 'lastMonth':
      return { from: day(utc(y, m - 1, 1)), to: day(utc(y, m, 1)) };
    case 'last3Months':
      return { from: day(utc(y, m - 2, 1)), to: tomorrow };
    case 'last12Months':
      return { from: day(utc(y, m - 11, 1)), to: tomorrow };
  }
}

export function isRangePreset(v: string | null): v is RangePreset {
  return RANGE_PRESETS.some((p) => p.id === v);
}

/** The last day of a range whose `to` is exclusive. */
export function dayBefore(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return day(d);
}
