import { useEffect, useRef, useState } from 'react';
import { useDispatch } from 'react-redux';
import { Badge, ProviderBadge, type Tone } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { api } from '@/lib/api/baseApi';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CloudProvider, CostCollection } from '@/lib/api/types';
import { formatNumber, formatRelative } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useCollectCostsMutation, useListCostCollectionsQuery } from '../api/costsApi';

const STATES: Record<string, { label: string; tone: Tone }> = {
  queued: { label: 'Collecting', tone: 'info' },
  succeeded: { label: 'Collected', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  unsupported: { label: 'Not available', tone: 'warning' },
};

interface SourceRow {
  account: CloudProvider;
  collection?: CostCollection;
}

/**
 * Where the cost data comes from: each cloud account's collection from its provider (Cost
 * Explorer, Cost Management, the simulated cloud) — when it ran, how far back the data goes,
 * why it failed — with "Collect now" for admins. Polls while a collection runs and refreshes the
 * breakdowns when it ends.
 */
export function CostSources({ canCollect }: { canCollect: boolean }) {
  const { data: accounts, isLoading: accountsLoading } = useListProvidersQuery();
  const [pollMs, setPollMs] = useState(0);
  const collections = useListCostCollectionsQuery(undefined, { pollingInterval: pollMs });
  const [collect, { isLoading: starting, originalArgs }] = useCollectCostsMutation();
  const toast = useToast();
  const dispatch = useDispatch();
  const running = collections.data?.some((c) => c.state === 'queued') ?? false;

  // Poll while a collection runs; one that ends changes the numbers above.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) dispatch(api.util.invalidateTags(['CostBreakdown']));
    wasRunning.current = running;
    setPollMs(running ? 2000 : 0);
  }, [running, dispatch]);

  const rows: SourceRow[] | undefined = accounts?.map((account) => ({
    account,
    collection: collections.data?.find((c) => c.providerId === account.id),
  }));

  const run = async (row: SourceRow) => {
    try {
      await collect(row.account.id).unwrap();
      toast.info(`Collecting costs of ${row.account.name}`);
    } catch (e) {
      toast.error(`Could not collect costs of ${row.account.name}`, errorMessage(e));
    }
  };

  const columns: Column<SourceRow>[] = [
    {
      key: 'account',
      header: 'Account',
      render: (r) => <ProviderBadge provider={r.account.provider} name={r.account.name} />,
    },
    {
      key: 'state',
      header: 'Collection',
      render: (r) => {
        if (!r.collection) return <span className="muted">After the first sync</span>;
        const s = STATES[r.collection.state] ?? { label: r.collection.state, tone: 'neutral' as Tone };
        return (
          <div className="cost-source-state">
            <Badge tone={s.tone} dot pulse={r.collection.state === 'queued'}>
              {s.label}
            </Badge>
            {r.collection.error && <span className="cell-sub cost-source-error">{r.collection.error}</span>}
          </div>
        );
      },
    },
    { key: 'since', header: 'Data since', render: (r) => r.collection?.collectedFrom ?? '—' },
    { key: 'rows', header: 'Cost rows', align: 'right', render: (r) => (r.collection ? formatNumber(r.collection.rows) : '—') },
    { key: 'last', header: 'Last run', render: (r) => (r.collection?.lastRunAt ? formatRelative(r.collection.lastRunAt) : '—') },
    { key: 'next', header: 'Next run', render: (r) => (r.collection ? formatRelative(r.collection.nextRunAt) : '—') },
  ];
  if (canCollect)
    columns.push({
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      render: (r) => (
        <Button
          size="sm"
          onClick={() => run(r)}
          loading={starting && originalArgs === r.account.id}
          disabled={r.collection?.state === 'queued'}
          aria-label={`Collect now: ${r.account.name}`}
        >
          Collect now
        </Button>
      ),
    });

  return (
    <Card>
      <CardHeader title="Cost data sources" description="Each account's costs are collected from its provider every 6 hours; files can be imported too." />
      <DataTable
        caption="Cost data sources"
        columns={columns}
        rows={rows}
        getRowId={(r) => r.account.id}
        loading={accountsLoading || collections.isLoading}
        error={collections.error ? errorMessage(collections.error) : null}
        onRetry={collections.refetch}
        skeletonRows={2}
        empty={<p className="muted" style={{ padding: 16 }}>No cloud accounts yet.</p>}
        testId="cost-sources"
      />
    </Card>
  );
}
