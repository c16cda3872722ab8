import { useEffect, useState, useSyncExternalStore } from 'react';
import { apiDownload } from '@/lib/api/http';
import { initials } from '@/lib/format';

/**
 * Profile pictures (GET /users/{id}/avatar, made from a vault image; 204 when there is none).
 * Fetched with the session's token; a member without one shows their initials. After a change, `avatarChanged(userId)`
 * makes every Avatar of that user fetch it again.
 */
const versions = new Map<string, number>();
const listeners = new Set<() => void>();

export function avatarChanged(userId: string) {
  versions.set(userId, (versions.get(userId) ?? 0) + 1);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAvatar(userId: string | undefined): string | null {
  const version = useSyncExternalStore(subscribe, () => (userId ? versions.get(userId) ?? 0 : 0));
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!userId) return;
    let live = true;
    let objectUrl: string | null = null;
    apiDownload(`/users/${encodeURIComponent(userId)}/avatar`)
      .then((blob) => {
        // No picture answers 204, an empty body: the initials.
        if (blob.size === 0) return live && setSrc(null);
        objectUrl = URL.createObjectURL(blob);
        if (live) setSrc(objectUrl);
      })
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [userId, version]);
  return src;
}

/** A member's picture, or their initials. */
export function Avatar({ userId, name, size }: { userId?: string; name: string; size?: number }) {
  const src = useAvatar(userId);
  const style = size ? { width: size, height: size, fontSize: Math.round(size * 0.42) } : undefined;
  return (
    <span className="avatar" aria-hidden="true" style={style}>
      {src ? <img className="avatar-img" src={src} alt="" /> : initials(name)}
    </span>
  );
}
