import { Fragment, useEffect, useState } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Drawer } from '@/components/Dialog';
import { Spinner } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import type { VaultItem } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import {
  useGetItemQuery,
  useListSharesQuery,
  useListVersionsQuery,
  useProcessFileMutation,
  useRestoreVersionMutation,
} from '../api/vaultApi';
import { formatBytes } from '../utils/bytes';
import { downloadVaultFile, previewBlob } from '../utils/download';
import { fileKind } from './ItemIcon';

const PREVIEW_TEXT_BYTES = 64 * 1024;

function ProcessingState({ item }: { item: VaultItem }) {
  if (item.processing === 'pending') return <Badge>Processing…</Badge>;
  if (item.processing === 'failed')
    return (
      <span className="vault-processing-failed">
        <Badge tone="warning">Failed</Badge> <span className="muted">{item.processingError ?? 'unknown reason'} — the file itself is fine to download.</span>
      </span>
    );
  if (item.infected)
    return (
      <Badge tone="danger">
        Quarantined{item.media?.threat ? `: ${item.media.threat}` : ''}
      </Badge>
    );
  return <Badge tone="success">Done</Badge>;
}

/** Pixel size, pages and the EXIF fields people look for, when processing found them. */
function MediaDetails({ media }: { media?: VaultItem['media'] }) {
  if (!media) return null;
  const exif = media.exif ?? {};
  const rows: [string, string][] = [];
  if (media.width && media.height) rows.push(['Dimensions', `${media.width} × ${media.height} px`]);
  if (media.pages && media.pages > 1) rows.push(['Pages / frames', String(media.pages)]);
  const camera = [exif.make, exif.model].filter(Boolean).join(' ');
  if (camera) rows.push(['Camera', camera]);
  if (exif.takenAt) rows.push(['Taken', exif.takenAt]);
  const settings = [exif.exposureTime, exif.fNumber, exif.iso && `ISO ${exif.iso}`, exif.focalLength]
    .filter(Boolean)
    .join(' · ');
  if (settings) rows.push(['Exposure', settings]);
  if (exif.latitude && exif.longitude)
    rows.push(['Location', `${exif.latitude} ${exif.latitudeRef ?? ''}, ${exif.longitude} ${exif.longitudeRef ?? ''}`]);
  if (media.refused) rows.push(['Thumbnail', `none — ${media.refused}`]);
  return (
    <>
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </>
  );
}

/** A file: a preview where the browser can show it safely, its details, versions and links. */
export function FileDrawer({
  item,
  canWrite,
  onClose,
  onShare,
}: {
  item: VaultItem;
  canWrite: boolean;
  onClose: () => void;
  onShare: () => void;
}) {
  const versions = useListVersionsQuery(item.id);
  // The single-item answer adds what processing learnt (size in pixels, EXIF, why it failed).
  const detail = useGetItemQuery(item.id);
  const current = detail.data ?? item;
  const [processFile, processing] = useProcessFileMutation();
  const links = useListSharesQuery({ itemId: item.id });
  const [restore, restoring] = useRestoreVersionMutation();
  const toast = useToast();
  const kind = fileKind(item.mimeType ?? '');
  return (
    <Drawer
      open
      title={item.name}
      subtitle={`${formatBytes(item.size)} · ${item.mimeType ?? 'unknown type'}`}
      onClose={onClose}
      actions={
        <>
          {!item.infected && (
            <Button onClick={() => void downloadVaultFile(item.id, item.name).catch((e) => toast.error('Could not download', errorMessage(e)))}>
              Download
            </Button>
          )}
          {canWrite && !item.infected && (
            <Button variant="primary" onClick={onShare}>
              Share
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        {item.infected ? (
          <p className="vault-warning">This file is quarantined by the virus scan: it cannot be downloaded or shared.</p>
        ) : (
          <Preview item={item} kind={kind} />
        )}
        <dl className="vault-details">
          <dt>Size</dt>
          <dd>{formatBytes(item.size)}</dd>
          <dt>Type</dt>
          <dd>{item.mimeType ?? '—'}</dd>
          <dt>Modified</dt>
          <dd>{formatDateTime(item.updatedAt)}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(item.createdAt)}</dd>
          <dt>SHA-256</dt>
          <dd className="mono vault-hash">{item.sha256}</dd>
          <dt>Processing</dt>
          <dd data-testid="vault-processing">
            <ProcessingState item={current} />
            {canWrite && (current.processing === 'failed' || current.processing === 'done') && (
              <Button
                size="sm"
                variant="ghost"
                loading={processing.isLoading}
                onClick={() =>
                  void processFile(item.id)
                    .unwrap()
                    .then(() => toast.success('Processing again', `${item.name} is queued.`))
                    .catch((e) => toast.error('Could not process it again', errorMessage(e)))
                }
              >
                {current.processing === 'failed' ? 'Retry' : 'Process again'}
              </Button>
            )}
          </dd>
          <MediaDetails media={current.media} />
        </dl>
        <section aria-labelledby="vault-versions">
          <h3 id="vault-versions" className="vault-section-title">Versions</h3>
          {versions.isLoading ? (
            <Spinner />
          ) : (
            <ul className="vault-versions">
              {(versions.data ?? []).map((v, i) => (
                <li key={v.id}>
                  <span>
                    {formatDateTime(v.createdAt)} · {formatBytes(v.size)} {v.current && <Badge tone="accent">Current</Badge>}
                  </span>
                  <span>
                    <Button size="sm" variant="ghost" onClick={() => void downloadVaultFile(item.id, item.name, v.id)} aria-label={`Download version ${versions.data!.length - i}`}>
                      Download
                    </Button>
                    {canWrite && !v.current && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={restoring.isLoading}
                        onClick={async () => {
                          try {
                            await restore({ id: item.id, versionId: v.id }).unwrap();
                            toast.success('Version restored', 'The content before it is kept as a version.');
                          } catch (e) {
                            toast.error('Could not restore the version', errorMessage(e));
                          }
                        }}
                      >
                        Restore
                      </Button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="vault-links">
          <h3 id="vault-links" className="vault-section-title">Share links</h3>
          {links.data?.length ? (
            <ul className="vault-versions">
              {links.data.map((l) => (
                <li key={l.id}>
                  <span>
                    {l.hasPassword ? 'Password, ' : ''}
                    {l.expiresAt ? `until ${formatDateTime(l.expiresAt)}` : 'no expiry'} · {l.downloads}
                    {l.maxDownloads ? ` of ${l.maxDownloads}` : ''} downloads
                  </span>
                  {!l.active && <Badge>Inactive</Badge>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Not shared.</p>
          )}
        </section>
      </div>
    </Drawer>
  );
}

/** Images, PDF and text are shown; anything else only described (nothing uploaded ever runs). */
function Preview({ item, kind }: { item: VaultItem; kind: ReturnType<typeof fileKind> }) {
  const [url, setUrl] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const showable = (kind === 'image' && item.mimeType !== 'image/svg+xml') || kind === 'pdf' || item.mimeType === 'text/plain';
  useEffect(() => {
    if (!showable) return;
    let cancelled = false;
    let objectUrl: string | null = null;
    previewBlob(item.id)
      .then(async (blob) => {
        if (cancelled) return;
        if (item.mimeType === 'text/plain') {
          setText(await blob.slice(0, PREVIEW_TEXT_BYTES).text());
        } else {
          objectUrl = URL.createObjectURL(blob);
          setUrl(objectUrl);
        }
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [item.id, item.mimeType, showable]);
  if (!showable) return <p className="muted vault-preview-none">No preview for this type of file.</p>;
  if (failed) return <p className="muted vault-preview-none">The preview could not be loaded.</p>;
  if (text !== null) return <pre className="vault-preview-text">{text}</pre>;
  if (!url) return <div className="vault-preview"><Spinner label="Loading the preview" /></div>;
  if (kind === 'pdf') return <iframe className="vault-preview-pdf" src={url} title={`Preview of ${item.name}`} />;
  return (
    <div className="vault-preview">
      <img src={url} alt={`Preview of ${item.name}`} />
    </div>
  );
}
