import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { errorMessage } from '@/lib/api/errors';
import type { VaultShare } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useListSharesQuery, useRevokeShareMutation } from '../api/vaultApi';

/** Share links (yours, or everyone's for admins): limits, downloads, last use; revoke. */
export function LinksPanel({ canWrite }: { canWrite: boolean }) {
  const q = useListSharesQuery();
  const [revoke] = useRevokeShareMutation();
  const toast = useToast();
  const columns: Column<VaultShare>[] = [
    { key: 'item', header: 'Shared', render: (s) => <span className="cell-title">{s.itemName}</span> },
    {
      key: 'limits',
      header: 'Limits',
      render: (s) =>
        [s.hasPassword && 'password', s.expiresAt && `until ${formatDateTime(s.expiresAt)}`, s.uploadOnly && 'upload only']
          .filter(Boolean)
          .join(' · ') || 'none',
    },
    { key: 'downloads', header: 'Downloads', align: 'right', render: (s) => `${s.downloads}${s.maxDownloads ? ` / ${s.maxDownloads}` : ''}` },
    { key: 'last', header: 'Last used', render: (s) => (s.lastAccessAt ? formatDateTime(s.lastAccessAt) : 'never') },
    { key: 'state', header: 'State', render: (s) => (s.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
    ...(canWrite
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            render: (s: VaultShare) => (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Revoke the link to ${s.itemName}`}
                onClick={async () => {
                  try {
                    await revoke(s.id).unwrap();
                    toast.success('Link revoked', 'It stopped working at once.');
                  } catch (e) {
                    toast.error('Could not revoke the link', errorMessage(e));
                  }
                }}
              >
                Revoke
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <CardHeader title="Shared links" description="Links stop working when revoked, expired, used up, or when their file goes to the trash." />
      <DataTable
        caption="Shared links"
        columns={columns}
        rows={q.data}
        getRowId={(s) => s.id}
        loading={q.isLoading}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        testId="vault-links"
        empty={<p className="muted" style={{ padding: 16 }}>No links yet. Share a file or folder from the Files tab.</p>}
      />
    </Card>
  );
}
