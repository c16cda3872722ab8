import { useEffect, useState } from 'react';
import type { VaultItem } from '@/lib/api/types';
import { apiDownload } from '@/lib/api/http';
import { ItemIcon } from './ItemIcon';

/**
 * Thumbnails are fetched with the session's token (an <img src> could not send it) and kept as
 * object URLs. Their URL carries the content's hash, so one fetched stays right until the file
 * changes; the cache keeps the most recent few hundred.
 */
const MAX_CACHED = 400;
const cache = new Map<string, Promise<string>>();

function thumbnailObjectUrl(url: string): Promise<string> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url); // most recent last
    cache.set(url, hit);
    return hit;
  }
  const path = url.replace(/^\/api\/v1/, '');
  const loading = apiDownload(path).then((blob) => URL.createObjectURL(blob));
  loading.catch(() => cache.delete(url));
  cache.set(url, loading);
  while (cache.size > MAX_CACHED) {
    const [oldest, value] = cache.entries().next().value as [string, Promise<string>];
    cache.delete(oldest);
    void value.then((objectUrl) => URL.revokeObjectURL(objectUrl)).catch(() => undefined);
  }
  return loading;
}

/** The file's thumbnail when processing made one, else its icon (also while it loads). */
export function Thumbnail({ item, large }: { item: Pick<VaultItem, 'kind' | 'mimeType' | 'thumbnailUrl'>; large?: boolean }) {
  const url = item.thumbnailUrl;
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    setSrc(null);
    if (!url) return;
    let live = true;
    thumbnailObjectUrl(url)
      .then((objectUrl) => live && setSrc(objectUrl))
      .catch(() => undefined); // no thumbnail: the icon stays
    return () => {
      live = false;
    };
  }, [url]);
  if (!src) return <ItemIcon item={item} large={large} />;
  return <img className={large ? 'vault-thumb vault-thumb-large' : 'vault-thumb'} src={src} alt="" loading="lazy" />;
}
