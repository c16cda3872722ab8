import { describe, expect, it } from 'vitest';
import { notification } from '@/test/notifications';
import { internalLink, markEveryRead, markOneRead, prependNotification, unreadOf, type CenterData } from './center';

function center(...pages: { items: ReturnType<typeof notification>[]; unread: number }[]): CenterData {
  return { pages: pages.map((p, i) => ({ ...p, nextCursor: i < pages.length - 1 ? `c${i + 1}` : null })), pageParams: pages.map((_, i) => (i ? `c${i}` : null)) };
}

describe('notification center cache', () => {
  it('puts a live notification on top once and counts it unread on every page', () => {
    const old = notification({ read: true });
    const data = center({ items: [old], unread: 4 }, { items: [notification()], unread: 4 });
    const n = notification();
    prependNotification(data, n);
    prependNotification(data, n); // the same event again (or after a refetch): no duplicate
    expect(data.pages[0].items.map((x) => x.id)).toEqual([n.id, old.id]);
    expect(data.pages.map((p) => p.unread)).toEqual([5, 5]);
    prependNotification(data, notification({ read: true }));
    expect(unreadOf(data)).toBe(5);
  });

  it('marks one read (once) and all read', () => {
    const a = notification();
    const b = notification();
    const data = center({ items: [a, b], unread: 7 });
    markOneRead(data, a.id);
    markOneRead(data, a.id);
    expect(data.pages[0].items[0].read).toBe(true);
    expect(unreadOf(data)).toBe(6);
    markEveryRead(data);
    expect(data.pages[0].items.every((x) => x.read)).toBe(true);
    expect(unreadOf(data)).toBe(0);
  });

  it('follows only links inside the web UI', () => {
    expect(internalLink('/settings/cloud-accounts')).toBe('/settings/cloud-accounts');
    expect(internalLink('https://evil.example.com')).toBeNull();
    expect(internalLink('//evil.example.com/x')).toBeNull();
    expect(internalLink('/\\evil.example.com')).toBeNull();
    expect(internalLink(null)).toBeNull();
    expect(internalLink('')).toBeNull();
  });
});
