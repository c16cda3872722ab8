const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const currency0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en-US');

export function formatCurrency(v: number | null | undefined, opts: { whole?: boolean } = {}): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return (opts.whole ? currency0 : currency).format(v);
}

const formats = new Map<string, Intl.NumberFormat>();

/** An amount in its billing currency (the API never converts); "—" without a currency. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  if (!currency) return '—';
  let f = formats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 2 });
    formats.set(currency, f);
  }
  return f.format(amount);
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return number.format(v);
}

// ---------------------------------------------------------------- time zone
// Every absolute time the UI shows goes through the formatters below, in the user's time zone
// preference (an IANA name). It is held here, module-wide, so that code without access to the
// preferences still follows it; React components take it from useDisplayTimeZone()
// (lib/api/usePreferences), which also keeps this value current.

let displayTimeZone: string | undefined;
const zoneListeners = new Set<() => void>();

/** The browser's own zone ("UTC" when the engine cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const validZones = new Map<string, boolean>();
export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  let ok = validZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(tz, ok);
  }
  return ok;
}

/** Sets the zone used when a formatter is given none; an unknown or empty name means the browser's. */
export function setDisplayTimeZone(tz: string | null | undefined) {
  const next = isValidTimeZone(tz) ? tz : undefined;
  if (next === displayTimeZone) return;
  displayTimeZone = next;
  for (const l of zoneListeners) l();
}

/** The zone times are shown in right now: the preference, else the browser's. */
export function getDisplayTimeZone(): string {
  return displayTimeZone ?? browserTimeZone();
}

export function subscribeDisplayTimeZone(listener: () => void): () => void {
  zoneListeners.add(listener);
  return () => zoneListeners.delete(listener);
}

type DateKind = 'datetime' | 'datetime-zone' | 'date' | 'time' | 'time-seconds' | 'weekday-time';
const KIND_OPTIONS: Record<DateKind, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  'datetime-zone': { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  date: { dateStyle: 'medium' },
  time: { hour: '2-digit', minute: '2-digit' },
  'time-seconds': { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  'weekday-time': { weekday: 'short', hour: '2-digit', minute: '2-digit' },
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: DateKind, timeZone: string | undefined): Intl.DateTimeFormat {
  const zone = isValidTimeZone(timeZone) ? timeZone : (displayTimeZone ?? browserTimeZone());
  const key = `${kind}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...KIND_OPTIONS[kind], timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Nov 22, 2026, 7:00 PM" in the display zone (or `timeZone`); with `zone`, "… GMT+9". */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  timeZone?: string,
  opts: { zone?: boolean } = {},
): string {
  const d = toDate(value);
  if (!d) return '—';
  return formatter(opts.zone ? 'datetime-zone' : 'datetime', timeZone).format(d);
}

/** "Nov 22, 2026" in the display zone. */
export function formatDate(value: string | number | Date | null | undefined, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  return formatter('date', timeZone).format(d);
}

/** "07:00 PM" (or with seconds, or "Mon 07:00 PM") in the display zone: for chart axes and logs. */
export function formatTime(
  value: string | number | Date | null | undefined,
  timeZone?: string,
  style: 'short' | 'seconds' | 'weekday' = 'short',
): string {
  const d = toDate(value);
  if (!d) return '—';
  return formatter(style === 'seconds' ? 'time-seconds' : style === 'weekday' ? 'weekday-time' : 'time', timeZone).format(d);
}

/** The IANA zones to offer in a picker, the current one always included. */
export function timeZoneOptions(current?: string): string[] {
  let zones: string[] = [];
  try {
    const fn = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
    if (fn) zones = fn('timeZone');
  } catch {
    /* older engines */
  }
  if (!zones.length) zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
  // Engines list "UTC" under Etc/ or not at all; it is the server's default, so always offer it first.
  zones = ['UTC', ...zones.filter((z) => z !== 'UTC')];
  if (current && !zones.includes(current)) zones = [current, ...zones];
  return zones;
}

const zoneLabels = new Map<string, string>();

/** "Asia/Tokyo (GMT+9)" for a picker option (the offset of today; cached, a picker lists ~400). */
export function timeZoneLabel(tz: string): string {
  const cached = zoneLabels.get(tz);
  if (cached) return cached;
  let label = tz;
  if (isValidTimeZone(tz)) {
    try {
      const offset = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'shortOffset' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value;
      if (offset) label = `${tz} (${offset === 'GMT' ? 'GMT+0' : offset})`;
    } catch {
      /* engines without shortOffset: the bare name */
    }
  }
  zoneLabels.set(tz, label);
  return label;
}

export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '—';
  const s = Math.round((now - t) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} d ago`;
}

export function humanize(value: string): string {
  const s = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/\./g, ' ')
    .toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const PROVIDER_LABELS: Record<string, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  simulated: 'Simulated',
};

export function providerLabel(p: string | undefined | null): string {
  if (!p) return '—';
  return PROVIDER_LABELS[p] ?? humanize(p);
}

/** The first user-perceived character of `s` (a whole emoji, flag or accented letter). */
export function firstGrapheme(s: string): string {
  if (!s) return '';
  const Segmenter = (Intl as unknown as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) {
    const first = new Segmenter(undefined, { granularity: 'grapheme' }).segment(s)[Symbol.iterator]().next();
    if (!first.done) return first.value.segment;
  }
  return Array.from(s)[0] ?? ''; // a whole code point at least, never half a surrogate pair
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Avatar initials: "Ada Lovelace" → "AL", "Ünïcode" → "Ü", "🚀 Rocket Labs" → "🚀" (a name that
 * starts with an emoji or symbol shows just that), "" → "?".
 */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = firstGrapheme(words[0]);
  if (!LETTER_OR_DIGIT.test(first)) return first;
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1]) : '';
  return (first + (LETTER_OR_DIGIT.test(last) ? last : '')).toLocaleUpperCase('en-US');
}
