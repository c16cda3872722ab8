import { describe, expect, it } from 'vitest';
import { newTagRow, parseTagPair, tagsFromRows, validateTagRows } from './tags';

describe('tag rows', () => {
  it('accepts distinct keys and ignores rows left empty', () => {
    const rows = [newTagRow('env', 'prod'), newTagRow('', ''), newTagRow('team', '')];
    expect(validateTagRows(rows).valid).toBe(true);
    expect(tagsFromRows(rows)).toEqual({ env: 'prod', team: '' });
  });

  it('wants a key, at most 128 characters, not used twice', () => {
    const a = newTagRow('', 'orphan');
    const b = newTagRow('env', '1');
    const c = newTagRow(' env ', '2');
    const d = newTagRow('k'.repeat(129), '');
    const v = validateTagRows([a, b, c, d]);
    expect(v.valid).toBe(false);
    expect(v.rows[a.uid].key).toBe('Enter a key');
    expect(v.rows[b.uid]).toBeUndefined();
    expect(v.rows[c.uid].key).toBe('"env" is already used');
    expect(v.rows[d.uid].key).toBe('At most 128 characters');
  });

  it('limits values to 256 characters and the tags to 50', () => {
    const long = newTagRow('k', 'v'.repeat(257));
    expect(validateTagRows([long]).rows[long.uid].value).toBe('At most 256 characters');
    const many = Array.from({ length: 51 }, (_, i) => newTagRow(`k${i}`, 'v'));
    expect(validateTagRows(many).form).toMatch(/at most 50 tags/i);
  });

  it('trims what it sends', () => {
    expect(tagsFromRows([newTagRow('  env ', ' prod ')])).toEqual({ env: 'prod' });
  });

  it('parses key:value and key=value', () => {
    expect(parseTagPair('env:prod')).toEqual({ key: 'env', value: 'prod' });
    expect(parseTagPair('url=http://x')).toEqual({ key: 'url', value: 'http://x' });
    expect(parseTagPair(':x')).toBeNull();
  });
});
