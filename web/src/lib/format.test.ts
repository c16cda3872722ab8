import { afterEach, describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatTime,
  getDisplayTimeZone,
  browserTimeZone,
  initials,
  firstGrapheme,
  isValidTimeZone,
  setDisplayTimeZone,
  subscribeDisplayTimeZone,
  timeZoneLabel,
  timeZoneOptions,
} from './format';

const T = '2026-11-22T10:00:00.000Z';

afterEach(() => setDisplayTimeZone(null));

describe('time zones', () => {
  it('formats in the zone given', () => {
    expect(formatDateTime(T, 'UTC')).toBe('Nov 22, 2026, 10:00 AM');
    expect(formatDateTime(T, 'Asia/Tokyo')).toBe('Nov 22, 2026, 7:00 PM');
    expect(formatDateTime(T, 'America/Los_Angeles')).toBe('Nov 22, 2026, 2:00 AM');
    expect(formatDateTime(T, 'Asia/Tokyo', { zone: true })).toBe('Nov 22, 2026, 7:00 PM GMT+9');
    expect(formatDate('2026-11-22T20:00:00.000Z', 'Asia/Tokyo')).toBe('Nov 23, 2026');
    expect(formatTime(T, 'Asia/Tokyo')).toBe('07:00 PM');
  });

  it('uses the display zone when given none, and the browser zone when that is unset', () => {
    expect(getDisplayTimeZone()).toBe(browserTimeZone());
    setDisplayTimeZone('Asia/Tokyo');
    expect(getDisplayTimeZone()).toBe('Asia/Tokyo');
    expect(formatDateTime(T)).toBe('Nov 22, 2026, 7:00 PM');
    setDisplayTimeZone(null);
    expect(getDisplayTimeZone()).toBe(browserTimeZone());
  });

  it('ignores an unknown zone instead of throwing', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    setDisplayTimeZone('Mars/Olympus_Mons');
    expect(getDisplayTimeZone()).toBe(browserTimeZone());
    expect(formatDateTime(T, 'Mars/Olympus_Mons')).toMatch(/2026/);
  });

  it('tells subscribers when the zone changes, once', () => {
    let calls = 0;
    const off = subscribeDisplayTimeZone(() => calls++);
    setDisplayTimeZone('Europe/Berlin');
    setDisplayTimeZone('Europe/Berlin');
    off();
    setDisplayTimeZone('UTC');
    expect(calls).toBe(1);
  });

  it('shows a dash for a missing or broken time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('offers UTC first and always the current zone, with offsets in the labels', () => {
    const zones = timeZoneOptions('Etc/GMT+5');
    expect(zones[0]).toBe('Etc/GMT+5');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Asia/Tokyo');
    expect(timeZoneLabel('Asia/Tokyo')).toBe('Asia/Tokyo (GMT+9)');
    expect(timeZoneLabel('UTC')).toBe('UTC (GMT+0)');
  });
});

describe('initials', () => {
  it('takes whole graphemes, never half an emoji', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('ada')).toBe('A');
    expect(initials('🚀 Rocket Labs')).toBe('🚀');
    expect(initials('👩‍💻 Team')).toBe('👩‍💻');
    expect(initials('🇯🇵')).toBe('🇯🇵');
    expect(initials('Émile Zola')).toBe('ÉZ');
    expect(initials('Acme 🚀')).toBe('A');
    expect(initials('   ')).toBe('?');
    expect(initials(undefined)).toBe('?');
  });

  it('splits graphemes', () => {
    expect(firstGrapheme('👨‍👩‍👧 family')).toBe('👨‍👩‍👧');
    expect(firstGrapheme('')).toBe('');
  });
});
