import type { VaultItem } from '@/lib/api/types';

const COLORS: Record<string, string> = {
  folder: 'var(--warning)',
  image: 'var(--info)',
  pdf: 'var(--danger)',
  video: 'var(--accent)',
  audio: 'var(--accent)',
  archive: 'var(--chart-axis)',
  text: 'var(--text-muted)',
  other: 'var(--text-muted)',
};

/** A folder, or the kind of file (image, PDF, archive…) at a glance: its shape and colour. */
export function ItemIcon({ item, large }: { item: Pick<VaultItem, 'kind' | 'mimeType'>; large?: boolean }) {
  const kind = item.kind === 'folder' ? 'folder' : fileKind(item.mimeType ?? '');
  const size = large ? 40 : 18;
  return (
    <svg className={`vault-icon vault-icon-${kind}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke={COLORS[kind]} strokeWidth={1.8} strokeLinejoin="round">
      {kind === 'folder' ? (
        <path d="M3 6.5A1.5 1.5 0 014.5 5h4l2 2h9A1.5 1.5 0 0121 8.5v9a1.5 1.5 0 01-1.5 1.5h-15A1.5 1.5 0 013 17.5z" fill={COLORS.folder} fillOpacity={0.25} />
      ) : (
        <>
          <path d="M6 3h8l4 4v13a1 1 0 01-1 1H6a1 1 0 01-1-1V4a1 1 0 011-1z" />
          <path d="M14 3v4h4" />
          {kind === 'image' && <path d="M8 17l3-3 2 2 3-4 1 5z" />}
          {kind === 'text' && <path d="M8 11h7M8 14h7M8 17h5" />}
          {kind === 'pdf' && <path d="M8 13h8M8 16h6" />}
        </>
      )}
    </svg>
  );
}

export function fileKind(type: string): 'image' | 'pdf' | 'video' | 'audio' | 'archive' | 'text' | 'other' {
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (/zip|tar|gzip|7z|rar|xz|bzip/.test(type)) return 'archive';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  return 'other';
}
