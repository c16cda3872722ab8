import { useSelector } from 'react-redux';
import type { SyncProgress as SyncState } from '@/lib/realtime/realtimeSlice';
import { ProgressBar } from './States';
import { formatNumber } from '@/lib/format';

export function useSyncState(providerId: string): SyncState | undefined {
  return useSelector((s: { realtime: { sync: Record<string, SyncState> } }) => s.realtime.sync[providerId]);
}

/** Live progress of a provider sync, fed by sync.progress / sync.completed events. */
export function SyncProgress({ providerId, name }: { providerId: string; name: string }) {
  const sync = useSyncState(providerId);
  if (!sync) return null;
  if (sync.state === 'running') {
    return (
      <div className="stack-sm" data-testid={`sync-progress-${providerId}`}>
        <ProgressBar value={sync.percent} label={`Sync progress for ${name}`} />
        <span className="faint" style={{ fontSize: 12 }}>
          Syncing{sync.percent !== null ? ` · ${Math.round(sync.percent)}%` : '…'}
          {sync.total ? ` · ${formatNumber(sync.processed ?? 0)} of ${formatNumber(sync.total)} resources` : ''}
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
