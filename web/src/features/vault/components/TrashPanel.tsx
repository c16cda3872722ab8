import { useState } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { ConfirmDialog } from '@/components/Dialog';
import { DataTable, type Column } from '@/components/DataTable';
import { errorMessage } from '@/lib/api/errors';
import type { VaultTrashEntry } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useListTrashQuery, usePurgeTrashMutation, useRestoreTrashMutation } from '../api/vaultApi';
import { formatBytes } from '../utils/bytes';
import { withKeepBoth } from '../utils/conflict';
import { ItemIcon } from './ItemIcon';
import { useKeepBoth } from './useKeepBoth';

/** What was deleted: where it was, when it goes for good; restore, or delete now. */
export function TrashPanel({ canWrite, canManage, userId }: { canWrite: boolean; canManage: boolean; userId?: string }) {
  const q = useListTrashQuery();
  const [restore] = useRestoreTrashMutation();
  const [purge, purging] = usePurgeTrashMutation();
  const [confirm, setConfirm] = useState<VaultTrashEntry | null>(null);
  const toast = useToast();
  const { ask: keepBoth, dialog: keepBothDialog } = useKeepBoth('Restore it beside that one, with a number added?', 'Restore beside it');
  const doRestore = async (entry: VaultTrashEntry) => {
    try {
      const back = await withKeepBoth(
        (onConflict) => restore({ id: entry.id, onConflict }).unwrap(),
        keepBoth,
      );
      if (back) toast.success(`${back.name} restored`, back.name !== entry.name ? `Restored as ${back.name}` : undefined);
    } catch (e) {
      toast.error('Could not restore', errorMessage(e));
    }
  };
  const columns: Column<VaultTrashEntry>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (e) => (
        <span className="vault-name">
          <ItemIcon item={e} />
          <span className="cell-title">{e.name}</span>
        </span>
      ),
    },
    { key: 'from', header: 'Was in', render: (e) => e.originalPath },
    { key: 'size', header: 'Size', align: 'right', render: (e) => (e.kind === 'folder' ? '—' : formatBytes(e.size)) },
    {
      key: 'deleted',
      header: 'Deleted',
      render: (e) => (
        <>
          {formatDateTime(e.deletedAt)}
          {e.deletedByName && <span className="muted"> by {e.deletedBy === userId ? 'you' : e.deletedByName}</span>}
        </>
      ),
    },
    { key: 'purge', header: 'Deleted for good', render: (e) => formatDateTime(e.purgeAt) },
    ...(canWrite
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            render: (e: VaultTrashEntry) => (
              <span className="vault-actions">
                <Button size="sm" variant="ghost" onClick={() => void doRestore(e)} aria-label={`Restore ${e.name}`}>
                  Restore
                </Button>
                {(canManage || e.deletedBy === userId) && (
                  <Button size="sm" variant="ghost" onClick={() => setConfirm(e)} aria-label={`Delete ${e.name} for good`}>
                    Delete now
                  </Button>
                )}
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <CardHeader title="Trash" description="Deleted files and folders, kept for the trash period (they count against the quota until then)." />
      <DataTable
        caption="Trash"
        columns={columns}
        rows={q.data?.items}
        getRowId={(e) => e.id}
        loading={q.isLoading}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        testId="vault-trash"
        empty={<p className="muted" style={{ padding: 16 }}>The trash is empty.</p>}
      />
      {keepBothDialog}
      <ConfirmDialog
        open={!!confirm}
        title={`Delete ${confirm?.name ?? ''} for good?`}
        message="It cannot be restored afterwards; its versions and share links go with it."
        confirmLabel="Delete for good"
        danger
        loading={purging.isLoading}
        onConfirm={async () => {
          if (!confirm) return;
          try {
            await purge(confirm.id).unwrap();
          } catch (e) {
            toast.error('Could not delete', errorMessage(e));
          }
          setConfirm(null);
        }}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}
