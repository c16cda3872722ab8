import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import { api } from '@/lib/api/baseApi';
import { coreApi } from '@/lib/api/endpoints';
import type { RealtimeEvent, Resource } from '@/lib/api/types';
import { realtimeEventReceived } from '@/lib/realtime/realtimeSlice';

/** What the bridge needs of the app's store: the API cache's state and a dispatch that takes thunks. */
export interface RealtimeStore {
  getState(): Parameters<typeof coreApi.util.selectCachedArgsForQuery>[0];
  dispatch: ThunkDispatch<ReturnType<RealtimeStore['getState']>, unknown, UnknownAction>;
}

/**
 * Applies server events to the RTK Query cache so open pages update without a reload:
 * updates patch rows in place; creations and deletions refetch the affected lists (debounced,
 * so a sync that touches thousands of rows costs one refetch, not thousands).
 */
export function createRealtimeBridge(store: RealtimeStore) {
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const tags = [...pending];
    pending = new Set();
    const out: Parameters<typeof api.util.invalidateTags>[0] = [];
    for (const t of tags) {
      if (t === 'Resource:LIST') out.push({ type: 'Resource', id: 'LIST' });
      else if (t === 'Provider:LIST') out.push({ type: 'Provider', id: 'LIST' });
      else out.push(t as 'User');
    }
    store.dispatch(api.util.invalidateTags(out));
  };
  const invalidateSoon = (...tags: string[]) => {
    for (const t of tags) pending.add(t);
    if (!timer) timer = setTimeout(flush, 400);
  };

  const patchResource = (r: Partial<Resource> & { id: string }) => {
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

  return function handle(evt: RealtimeEvent) {
    store.dispatch(realtimeEventReceived(evt));
    const d = (evt.data ?? {}) as Record<string, unknown>;
    const resource = ((d.resource as Record<string, unknown> | undefined) ?? d) as Partial<Resource>;
    switch (evt.type) {
      case 'resource.updated':
        if (resource.id) patchResource(resource as Resource);
        invalidateSoon('ResourceSummary');
        break;
      case 'resource.created':
        invalidateSoon('Resource:LIST', 'ResourceSummary');
        break;
      case 'resource.deleted': {
        const id = (resource.id ?? d.resourceId) as string | undefined;
        if (id) removeResource(id);
        invalidateSoon('Resource:LIST', 'ResourceSummary');
        break;
      }
      case 'sync.completed':
        invalidateSoon('Provider:LIST', 'Resource:LIST', 'ResourceSummary');
        break;
      case 'sync.progress':
        break;
      case 'user.created':
      case 'user.updated':
      case 'user.deleted':
        invalidateSoon('User');
        break;
      case 'provider.updated':
      case 'provider.created':
      case 'provider.deleted':
        invalidateSoon('Provider:LIST');
        break;
      default:
        break;
    }
  };
}
