import { useSelector } from 'react-redux';
import type { SyncProgress as SyncState } from '@/lib/realtime/realtimeSlice';
import { ProgressBar } from './States';
import { formatNumber } from '@/lib/format';

export function useSyncState(providerId: string): SyncState | undefined {
  return useSelector((s: { realtime: { sync: Record<string, SyncState> } }) => s.realtime.sync[providerId]);
}

/** Live progress of a provider sync, fed by sync.progress / sync.completed events. */
/** `expected` (the account's resourceCount) turns a bare processed count into a percentage. */
export function SyncProgress({ providerId, name, expected }: { providerId: string; name: string; expected?: number }) {
  const sync = useSyncState(providerId);
  if (!sync) return null;
  if (sync.state === 'running') {
    const total = sync.total ?? (expected && sync.processed !== undefined ? Math.max(expected, sync.processed) : undefined);
    const percent = sync.percent ?? (total && sync.processed !== undefined ? Math.min(99, (sync.processed / total) * 100) : null);
    return (
      <div className="stack-sm" data-testid={`sync-progress-${providerId}`}>
        <ProgressBar value={percent} label={`Sync progress for ${name}`} />
        <span className="faint" style={{ fontSize: 12 }}>
          Syncing{percent !== null ? ` · ${Math.round(percent)}%` : '…'}
          {sync.processed !== undefined
            ? ` · ${formatNumber(sync.processed)}${total ? ` of ~${formatNumber(total)}` : ''} resources read`
            : ''}
        </span>
      </div>
    );
  }
  return (
    <span className={sync.state === 'failed' ? 'field-error' : 'faint'} style={{ fontSize: 12 }} role="status">
      {sync.state === 'failed' ? `Sync failed${sync.message ? `: ${sync.message}` : ''}` : 'Sync complete'}
    </span>
  );
}
