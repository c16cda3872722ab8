import { useState } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { EmptyState } from '@/components/States';
import { IconBell } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { Silence, SilenceMatcher } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useExpireSilenceMutation, useListSilencesQuery } from '../api/monitoringApi';
import { SilenceDialog } from './SilenceDialog';

export const matchersText = (ms: SilenceMatcher[]) => ms.map((m) => `${m.name}${m.isRegex ? '=~' : '='}"${m.value}"`).join(', ');
const ORDER: Record<Silence['state'], number> = { active: 0, pending: 1, expired: 2 };

/** Silences: what they match, why, who and until when; operators create and expire them. */
export function SilencesPanel({ canOperate }: { canOperate: boolean }) {
  const q = useListSilencesQuery();
  const [expire] = useExpireSilenceMutation();
  const [creating, setCreating] = useState<SilenceMatcher[] | null>(null);
  const toast = useToast();
  const rows = q.data ? [...q.data].sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.endsAt < b.endsAt ? 1 : -1)) : undefined;
  const columns: Column<Silence>[] = [
    {
      key: 'state',
      header: 'State',
      render: (s) => (s.state === 'active' ? <Badge tone="success" dot>Active</Badge> : s.state === 'pending' ? <Badge tone="info">Pending</Badge> : <Badge>Expired</Badge>),
      width: 100,
    },
    { key: 'matchers', header: 'Matches', render: (s) => <span className="mono">{matchersText(s.matchers)}</span> },
    { key: 'comment', header: 'Comment', render: (s) => s.comment },
    {
      key: 'by',
      header: 'By',
      render: (s) => (
        <div>
          <div>{s.createdBy.name}</div>
          <div className="cell-sub">{formatDateTime(s.createdAt)}</div>
        </div>
      ),
    },
    { key: 'starts', header: 'Starts', render: (s) => formatDateTime(s.startsAt) },
    { key: 'ends', header: 'Ends', render: (s) => formatDateTime(s.endsAt) },
    ...(canOperate
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            className: 'col-actions',
            render: (s: Silence) =>
              s.state === 'expired' ? null : (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Expire the silence on ${matchersText(s.matchers)}`}
                  onClick={async () => {
                    try {
                      await expire(s.id).unwrap();
                      toast.success('Silence expired');
                    } catch (e) {
                      toast.error('Could not expire the silence', errorMessage(e));
                    }
                  }}
                >
                  Expire
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <CardHeader
        title="Silences"
        description="Silenced alerts keep their state but send no notification."
        actions={
          canOperate && (
            <Button variant="primary" onClick={() => setCreating([])} data-testid="monitoring-add-silence">
              New silence
            </Button>
          )
        }
      />
      <DataTable
        caption="Silences"
        columns={columns}
        rows={rows}
        getRowId={(s) => s.id}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        testId="monitoring-silences"
        empty={<EmptyState title="No silences" description="Silence alerts during maintenance, from here or from an alert." icon={<IconBell />} />}
      />
      <SilenceDialog initial={creating} onClose={() => setCreating(null)} onCreated={() => toast.success('Silence created')} />
    </Card>
  );
}
