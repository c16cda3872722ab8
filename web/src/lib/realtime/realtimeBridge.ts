import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import { api } from '@/lib/api/baseApi';
import { coreApi } from '@/lib/api/endpoints';
import type { RealtimeEvent, Resource } from '@/lib/api/types';
import { exhaustive } from '@/lib/realtime/events';
import { realtimeEventReceived } from '@/lib/realtime/realtimeSlice';

/** What the bridge needs of the app's store: the API cache's state and a dispatch that takes thunks. */
export interface RealtimeStore {
  getState(): Parameters<typeof coreApi.util.selectCachedArgsForQuery>[0];
  dispatch: ThunkDispatch<ReturnType<RealtimeStore['getState']>, unknown, UnknownAction>;
}

const SEEN_LIMIT = 1000;

/**
 * Applies server events to the RTK Query cache so open pages update without a reload:
 * updates patch rows in place; creations and deletions refetch the affected lists (debounced,
 * so a sync that touches thousands of rows costs one refetch, not thousands). Every event also
 * goes to the store as `realtimeEventReceived`, for the slices that keep their own view of them
 * (sync progress, the activity feed, the notification center).
 */
export function createRealtimeBridge(store: RealtimeStore) {
  type Tag =
    | 'Resource:LIST'
    | 'Provider:LIST'
    | 'ResourceSummary'
    | 'User'
    | 'Organization'
    | 'Me'
    | 'CostAnomaly'
    | 'Budget'
    | 'SecurityFinding'
    | 'SecurityScan'
    | 'Alert'
    | 'AlertRule'
    | 'VaultItem'
    | 'VaultVersion'
    | 'VaultTrash'
    | 'VaultShare'
    | 'VaultUsage';
  let pending = new Set<Tag>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const tags = [...pending];
    pending = new Set();
    const out: Parameters<typeof api.util.invalidateTags>[0] = tags.map((t) =>
      t === 'Resource:LIST' ? { type: 'Resource', id: 'LIST' } : t === 'Provider:LIST' ? { type: 'Provider', id: 'LIST' } : t,
    );
    store.dispatch(api.util.invalidateTags(out));
  };
  const invalidateSoon = (...tags: Tag[]) => {
    for (const t of tags) pending.add(t);
    if (!timer) timer = setTimeout(flush, 400);
  };

  const patchResource = (r: Resource) => {
    const state = store.getState();
    for (const args of coreApi.util.selectCachedArgsForQuery(state, 'listResources')) {
      store.dispatch(
        coreApi.util.updateQueryData('listResources', args, (draft) => {
          const row = draft.items.find((x) => x.id === r.id);
          if (row) Object.assign(row, r);
        }),
      );
    }
    store.dispatch(
      coreApi.util.updateQueryData('getResource', r.id, (draft) => {
        Object.assign(draft, r);
      }),
    );
  };

  const removeResource = (id: string) => {
    const state = store.getState();
    for (const args of coreApi.util.selectCachedArgsForQuery(state, 'listResources')) {
      store.dispatch(
        coreApi.util.updateQueryData('listResources', args, (draft) => {
          const before = draft.items.length;
          draft.items = draft.items.filter((x) => x.id !== id);
          if (draft.items.length !== before && draft.page.total) draft.page.total -= 1;
        }),
      );
    }
  };

  // Delivery is at least once (a reconnect or a second replica may repeat an event): an event
  // whose id was seen lately is dropped, so the activity feed and the bell show it once.
  const seen = new Set<string>();
  const seenOrder: string[] = [];
  const firstTime = (id: string | undefined) => {
    if (!id) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    seenOrder.push(id);
    if (seenOrder.length > SEEN_LIMIT) seen.delete(seenOrder.shift()!);
    return true;
  };

  return function handle(evt: RealtimeEvent) {
    if (!firstTime(evt.id)) return;
    store.dispatch(realtimeEventReceived(evt));
    switch (evt.type) {
      case 'resource.updated':
        patchResource(evt.data);
        invalidateSoon('ResourceSummary');
        break;
      case 'resource.created':
        invalidateSoon('Resource:LIST', 'ResourceSummary');
        break;
      case 'resource.deleted':
        removeResource(evt.data.id);
        invalidateSoon('Resource:LIST', 'ResourceSummary');
        break;
      case 'sync.completed':
        invalidateSoon('Provider:LIST', 'Resource:LIST', 'ResourceSummary');
        break;
      case 'user.created':
      case 'user.updated':
      case 'user.deleted':
        invalidateSoon('User');
        break;
      case 'organization.updated':
        // The organization's name is also part of /auth/me.
        invalidateSoon('Organization', 'Me');
        break;
      case 'cost.anomaly_detected':
        invalidateSoon('CostAnomaly');
        break;
      case 'budget.threshold_crossed':
        invalidateSoon('Budget');
        break;
      case 'security.scan_completed':
      case 'security.findings_opened':
        invalidateSoon('SecurityFinding', 'SecurityScan');
        break;
      case 'alert.pending':
      case 'alert.fired':
      case 'alert.resolved':
        // The alert lists and the rules' active counts.
        invalidateSoon('Alert', 'AlertRule');
        break;
      case 'vault.file.uploaded':
        invalidateSoon('VaultItem', 'VaultVersion', 'VaultUsage');
        break;
      case 'vault.item.trashed':
        invalidateSoon('VaultItem', 'VaultTrash', 'VaultShare', 'VaultUsage');
        break;
      case 'vault.share.downloaded':
        invalidateSoon('VaultShare');
        break;
      case 'vault.file.processed': // a thumbnail appeared, a file was quarantined or failed
        invalidateSoon('VaultItem');
        break;
      case 'sync.progress': // the realtime slice keeps the progress
      case 'job.progress': // no page shows jobs yet
      case 'notification': // the notification center's cache follows it (features/notifications)
        break;
      default:
        exhaustive(evt);
    }
  };
}
