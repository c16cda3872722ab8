import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { errorMessage } from '@/lib/api/errors';
import type { SecurityMute } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useDeleteMuteMutation, useListMutesQuery } from '../api/securityApi';

function matchers(m: SecurityMute) {
  const parts: string[] = [];
  if (m.ruleId) parts.push(`rule ${m.ruleId}`);
  if (m.resourceId) parts.push(`resource ${m.resourceId}`);
  if (m.providerId) parts.push(`account ${m.providerId}`);
  if (m.region) parts.push(`region ${m.region}`);
  if (m.tag) parts.push(`tag ${m.tag.key}${m.tag.value !== undefined ? `=${m.tag.value}` : ''}`);
  return parts.join(' · ');
}

/** The mutes: what they match, why, who, until when; operators remove them. */
export function MutesPanel({ canOperate }: { canOperate: boolean }) {
  const q = useListMutesQuery();
  const [remove] = useDeleteMuteMutation();
  const toast = useToast();
  const columns: Column<SecurityMute>[] = [
    { key: 'matches', header: 'Matches', render: (m) => <span className="cell-title">{matchers(m)}</span> },
    { key: 'reason', header: 'Reason', render: (m) => m.reason },
    { key: 'by', header: 'By', render: (m) => <div><div>{m.createdBy}</div><div className="cell-sub">{formatDateTime(m.createdAt)}</div></div> },
    {
      key: 'until',
      header: 'Until',
      render: (m) => (m.active === false ? <Badge>Expired</Badge> : m.expiresAt ? formatDateTime(m.expiresAt) : 'Removed by hand'),
    },
    ...(canOperate
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            render: (m: SecurityMute) => (
              <Button
                size="sm"
                variant="ghost"
                onClick={async () => {
                  try {
                    await remove(m.id).unwrap();
                  } catch (e) {
                    toast.error('Could not remove the mute', errorMessage(e));
                  }
                }}
                aria-label={`Remove the mute on ${matchers(m)}`}
              >
                Remove
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <CardHeader title="Mutes" description="Muted findings stay listed as muted; a mute covers new findings too until it expires or is removed." />
      <DataTable
        caption="Mutes"
        columns={columns}
        rows={q.data}
        getRowId={(m) => m.id}
        loading={q.isLoading}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        testId="security-mutes"
        empty={<p className="muted" style={{ padding: 16 }}>No mutes. Mute findings from the Findings tab.</p>}
      />
    </Card>
  );
}
