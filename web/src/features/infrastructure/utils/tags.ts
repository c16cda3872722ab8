/** Limits of ResourceTags in api/openapi.yaml (the server refuses more). */
export const TAG_LIMITS = { maxTags: 50, keyLength: 128, valueLength: 256 } as const;

export interface TagRow {
  /** Stable React key; rows are reordered and removed. */
  uid: string;
  key: string;
  value: string;
}

export interface TagRowErrors {
  key?: string;
  value?: string;
}

export interface TagValidation {
  rows: Record<string, TagRowErrors>;
  form: string | null;
  valid: boolean;
}

let seq = 0;
export function newTagRow(key = '', value = ''): TagRow {
  seq += 1;
  return { uid: `tag-${seq}`, key, value };
}

export function rowsFromTags(tags: Record<string, string> | null | undefined): TagRow[] {
  return Object.entries(tags ?? {}).map(([k, v]) => newTagRow(k, v));
}

/**
 * Checks the rows as the server would, and a bit more: a key is required (surrounding spaces
 * do not count), at most 128 characters, not used twice; a value at most 256 characters; at
 * most 50 tags. A row left completely empty is ignored (an "Add tag" click not followed up).
 */
export function validateTagRows(rows: readonly TagRow[]): TagValidation {
  const errors: Record<string, TagRowErrors> = {};
  const seen = new Map<string, string>();
  let count = 0;
  for (const row of rows) {
    const key = row.key.trim();
    const e: TagRowErrors = {};
    if (!key && !row.value.trim()) continue;
    count += 1;
    if (!key) e.key = 'Enter a key';
    else if (key.length > TAG_LIMITS.keyLength) e.key = `At most ${TAG_LIMITS.keyLength} characters`;
    else if (seen.has(key)) e.key = `"${key}" is already used`;
    else seen.set(key, row.uid);
    if (row.value.trim().length > TAG_LIMITS.valueLength) e.value = `At most ${TAG_LIMITS.valueLength} characters`;
    if (e.key || e.value) errors[row.uid] = e;
  }
  const form = count > TAG_LIMITS.maxTags ? `At most ${TAG_LIMITS.maxTags} tags (${count} entered)` : null;
  return { rows: errors, form, valid: !form && Object.keys(errors).length === 0 };
}

/** The tags object to send: trimmed keys and values, empty rows dropped. */
export function tagsFromRows(rows: readonly TagRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    out[key] = row.value.trim();
  }
  return out;
}

/** "env:prod" or "env=prod" → ["env", "prod"]; split at the first separator. */
export function parseTagPair(text: string): { key: string; value: string } | null {
  const m = /^([^=:]+)[=:](.*)$/.exec(text.trim());
  if (!m || !m[1].trim()) return null;
  return { key: m[1].trim(), value: m[2].trim() };
}
