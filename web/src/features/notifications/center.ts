import type { InAppNotification } from '@/lib/api/types';

/** One page of the caller's notification center (GET /notifications). */
export interface NotificationPage {
  items: InAppNotification[];
  nextCursor: string | null;
  /** The caller's unread count over all pages (`meta.unread`), as of this page or later changes. */
  unread: number;
}

/** The cached center: the pages loaded so far, newest first ("load more" appends a page). */
export interface CenterData {
  pages: NotificationPage[];
  pageParams: unknown[];
}

/**
 * The cache edits the center needs, kept pure (they run on Immer drafts). `unread` is kept equal
 * on every page, so the count shown does not depend on which page was fetched last.
 */
function setUnread(data: CenterData, unread: number) {
  for (const p of data.pages) p.unread = Math.max(0, unread);
}

export function unreadOf(data: CenterData | undefined): number {
  return data?.pages[0]?.unread ?? 0;
}

/** A notification that arrived live goes on top, once (it may also come with a refetch). */
export function prependNotification(data: CenterData, n: InAppNotification) {
  if (!data.pages.length) return;
  if (data.pages.some((p) => p.items.some((x) => x.id === n.id))) return;
  data.pages[0].items.unshift(n);
  if (!n.read) setUnread(data, unreadOf(data) + 1);
}

export function markOneRead(data: CenterData, id: string) {
  for (const p of data.pages) {
    for (const n of p.items) {
      if (n.id === id && !n.read) {
        n.read = true;
        setUnread(data, unreadOf(data) - 1);
      }
    }
  }
}

export function markEveryRead(data: CenterData) {
  for (const p of data.pages) for (const n of p.items) n.read = true;
  setUnread(data, 0);
}

/**
 * Where a notification leads: only a path inside the web UI (`/…`, not `//host`), so a
 * notification can never send anyone to another site.
 */
export function internalLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}
