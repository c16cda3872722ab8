import { useState } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { ProviderBadge, StatusBadge } from '@/components/Badge';
import { ConnectProviderForm, ValidationResult } from '@/components/ConnectProviderForm';
import { ConfirmDialog, Dialog } from '@/components/Dialog';
import { DataTable, type Column } from '@/components/DataTable';
import { EmptyState } from '@/components/States';
import { SyncProgress } from '@/components/SyncProgress';
import { IconCloud, IconPlus, IconRefresh, IconTrash, IconCheckCircle } from '@/components/icons';
import {
  useDeleteProviderMutation,
  useGetMeQuery,
  useListProvidersQuery,
  useSyncProviderMutation,
  useTestProviderMutation,
} from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CloudProvider, ProviderValidation } from '@/lib/api/types';
import { can } from '@/lib/auth/permissions';
import { formatDateTime, formatRelative, providerLabel } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { useAppDispatch } from '@/lib/hooks';
import { syncStarted } from '@/lib/realtime/realtimeSlice';
import { useToast } from '@/lib/toast/useToast';

export function CloudAccountsSettings() {
  const { data: me } = useGetMeQuery();
  const canManage = can(me?.role, 'providers:write');
  const canSync = can(me?.role, 'providers:sync');
  const tz = useDisplayTimeZone();
  const providers = useListProvidersQuery();
  const [testProvider] = useTestProviderMutation();
  const [syncProvider] = useSyncProviderMutation();
  const [deleteProvider, deleteState] = useDeleteProviderMutation();
  const [adding, setAdding] = useState(false);
  const [results, setResults] = useState<Record<string, ProviderValidation | 'testing'>>({});
  const [toDelete, setToDelete] = useState<CloudProvider | null>(null);
  const dispatch = useAppDispatch();
  const toast = useToast();

  const test = async (p: CloudProvider) => {
    setResults((r) => ({ ...r, [p.id]: 'testing' }));
    try {
      const v = await testProvider(p.id).unwrap();
      setResults((r) => ({ ...r, [p.id]: v }));
    } catch (e) {
      setResults((r) => ({
        ...r,
        [p.id]: { valid: false, identity: {}, permissions: [], limitations: [], regions: [], services: [], errors: [errorMessage(e)] },
      }));
    }
  };
  const sync = async (p: CloudProvider) => {
    try {
      const r = await syncProvider(p.id).unwrap();
      dispatch(syncStarted({ providerId: p.id, jobId: r?.jobId }));
      toast.info('Sync started', p.name);
    } catch (e) {
      toast.error('Could not start sync', errorMessage(e));
    }
  };

  const columns: Column<CloudProvider>[] = [
    {
      key: 'name',
      header: 'Account',
      render: (p) => (
        <div className="stack-sm" style={{ gap: 2, whiteSpace: 'normal' }}>
          <span className="cell-title">{p.name}{p.isDemo && <span className="faint"> (demo)</span>}</span>
          <SyncProgress providerId={p.id} name={p.name} expected={p.resourceCount} />
          {results[p.id] && results[p.id] !== 'testing' ? (
            <ValidationResult result={results[p.id] as ProviderValidation} />
          ) : (
            p.status === 'error' && p.statusReason && <span className="cell-sub" data-testid="status-reason">{p.statusReason}</span>
          )}
        </div>
      ),
    },
    { key: 'provider', header: 'Provider', render: (p) => <ProviderBadge provider={p.provider} /> },
    { key: 'status', header: 'Status', render: (p) => <StatusBadge status={p.status} /> },
    { key: 'regions', header: 'Regions', render: (p) => (p.regions?.length ? `${p.regions.slice(0, 3).join(', ')}${p.regions.length > 3 ? ` +${p.regions.length - 3}` : ''}` : 'All') },
    { key: 'sync', header: 'Last sync', render: (p) => (p.lastSync ? <time dateTime={p.lastSync} title={formatDateTime(p.lastSync, tz)}>{formatRelative(p.lastSync)}</time> : 'Never') },
  ];
  if (canSync) {
    columns.push({
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      render: (p) => (
        <div className="row">
          {canManage && (
          <Button size="sm" icon={<IconCheckCircle />} loading={results[p.id] === 'testing'} onClick={() => void test(p)}>
            Test<span className="sr-only"> connection of {p.name}</span>
          </Button>
          )}
          <Button size="sm" icon={<IconRefresh />} onClick={() => void sync(p)}>
            Sync now<span className="sr-only"> ({p.name})</span>
          </Button>
          {canManage && (
            <Button size="sm" variant="ghost" icon={<IconTrash />} onClick={() => setToDelete(p)} aria-label={`Delete ${p.name}`} />
          )}
        </div>
      ),
    });
  }

  return (
    <Card>
      <CardHeader
        title="Cloud accounts"
        description="Credentials are encrypted at rest and never displayed again."
        actions={
          canManage && (
            <Button variant="primary" icon={<IconPlus />} onClick={() => setAdding(true)} data-testid="add-provider">
              Add account
            </Button>
          )
        }
      />
      <DataTable
        caption="Cloud accounts"
        columns={columns}
        rows={providers.data}
        getRowId={(p) => p.id}
        loading={providers.isLoading}
        error={providers.error ? errorMessage(providers.error) : null}
        onRetry={() => providers.refetch()}
        skeletonRows={3}
        empty={
          <EmptyState
            icon={<IconCloud />}
            title="No cloud accounts"
            description={canManage ? 'Add an AWS, Azure or Google Cloud account to discover your resources.' : 'An administrator has not connected any cloud accounts yet.'}
            action={canManage ? <Button variant="primary" size="sm" icon={<IconPlus />} onClick={() => setAdding(true)}>Add account</Button> : undefined}
          />
        }
      />
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add a cloud account" description="Choose the provider and enter credentials with read access." size="lg">
        <div className="dialog-body">
          <ConnectProviderForm
            onCancel={() => setAdding(false)}
            onConnected={(p, v) => {
              setAdding(false);
              if (v) setResults((r) => ({ ...r, [p.id]: v }));
              const label = providerLabel(p.provider);
              // "Added" only for an account that really connected; one saved anyway says so.
              if (v?.valid) toast.success(`${label} account added`, `${p.name}: connection test passed, the first sync has started.`);
              else if (v || p.status === 'error')
                toast.warning(`${label} account saved but not connected`, v?.errors?.[0] ?? p.statusReason ?? 'The connection test failed — correct the credentials, then test again.');
              else toast.info(`${label} account saved`, `${p.name}: use Test to check its connection.`);
            }}
          />
        </div>
      </Dialog>
      <ConfirmDialog
        open={!!toDelete}
        title="Delete cloud account"
        danger
        confirmLabel="Delete account"
        loading={deleteState.isLoading}
        message={<>Remove <strong>{toDelete?.name}</strong> and every resource discovered through it from CloudWeave? Nothing is deleted in the cloud itself.</>}
        onCancel={() => setToDelete(null)}
        onConfirm={async () => {
          if (!toDelete) return;
          try {
            await deleteProvider(toDelete.id).unwrap();
            toast.success('Cloud account deleted', toDelete.name);
          } catch (e) {
            toast.error('Could not delete the account', errorMessage(e));
          } finally {
            setToDelete(null);
          }
        }}
      />
    </Card>
  );
}
