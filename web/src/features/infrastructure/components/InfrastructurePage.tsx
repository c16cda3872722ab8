import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/Button';
import { Card, PageHeader } from '@/components/Card';
import { ProviderBadge, StatusBadge } from '@/components/Badge';
import { ConfirmDialog } from '@/components/Dialog';
import { CursorPagination, DataTable, type Column } from '@/components/DataTable';
import { SelectField, TextField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconPlus, IconServer, IconX } from '@/components/icons';
import {
  useDeleteResourceMutation,
  useGetMeQuery,
  useListProvidersQuery,
  useListResourcesQuery,
  useResourceActionMutation,
} from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { PROVIDER_KINDS, RESOURCE_STATUSES, RESOURCE_TYPES, type Resource } from '@/lib/api/types';
import { useIsDemo } from '@/lib/api/useIsDemo';
import { can } from '@/lib/auth/permissions';
import { formatCurrency, formatRelative, humanize, providerLabel } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useDebounced } from '../hooks/useDebounced';
import { useResourceFilters } from '../hooks/useResourceFilters';
import { DEFAULT_REGIONS, type PendingAction } from '../types';
import { CreateResourceDialog } from './CreateResourceDialog';
import { ResourceActions } from './ResourceActions';
import { ResourceDetail } from './ResourceDetail';

const ACTION_COPY: Record<PendingAction['kind'], { title: string; verb: string; done: string; message: string }> = {
  start: { title: 'Start resource', verb: 'Start', done: 'Start requested', message: 'The resource will boot and begin accruing cost.' },
  stop: { title: 'Stop resource', verb: 'Stop', done: 'Stop requested', message: 'Running workloads on it will be interrupted.' },
  reboot: { title: 'Reboot resource', verb: 'Reboot', done: 'Reboot requested', message: 'It will be briefly unavailable.' },
  delete: { title: 'Delete resource', verb: 'Delete', done: 'Resource deleted', message: 'This permanently removes the resource from the cloud account. This cannot be undone.' },
};

export function InfrastructurePage() {
  const { data: me } = useGetMeQuery();
  const canWrite = can(me?.role, 'resources:write');
  const { isDemo } = useIsDemo();
  const toast = useToast();
  const f = useResourceFilters();
  const providers = useListProvidersQuery();
  const list = useListResourcesQuery(f.query);
  const [runAction, actionState] = useResourceActionMutation();
  const [deleteResource, deleteState] = useDeleteResourceMutation();
  const [createOpen, setCreateOpen] = useState(false);
  const [pending, setPending] = useState<PendingAction | null>(null);

  // Search box: local state, debounced into the URL.
  const [search, setSearch] = useState(f.filters.q ?? '');
  const debounced = useDebounced(search, 300);
  useEffect(() => {
    if ((f.filters.q ?? '') !== debounced) f.setFilter('q', debounced || undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  // Rows that appeared since the last render flash briefly (live updates, new resources).
  const seen = useRef<Set<string> | null>(null);
  const [flash, setFlash] = useState<Set<string>>(new Set());
  useEffect(() => {
    const items = list.data?.items;
    if (!items) return;
    const ids = new Set(items.map((r) => r.id));
    if (seen.current) {
      const fresh = items.filter((r) => !seen.current!.has(r.id)).map((r) => r.id);
      if (fresh.length && fresh.length < items.length) {
        setFlash(new Set(fresh));
        const t = setTimeout(() => setFlash(new Set()), 1800);
        seen.current = ids;
        return () => clearTimeout(t);
      }
    }
    seen.current = ids;
  }, [list.data]);

  const accounts = providers.data ?? [];
  const accountName = useMemo(() => new Map(accounts.map((p) => [p.id, p.name])), [accounts]);
  const regions = useMemo(() => {
    const set = new Set<string>();
    for (const p of accounts) for (const r of p.regions?.length ? p.regions : DEFAULT_REGIONS[p.provider] ?? []) set.add(r);
    if (f.filters.region) set.add(f.filters.region);
    return [...set].sort();
  }, [accounts, f.filters.region]);

  const columns: Column<Resource>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'name',
      render: (r) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <button type="button" className="link-btn" onClick={(e) => { e.stopPropagation(); f.select(r.id); }}>
            {r.name}
          </button>
          <span className="cell-sub mono">{r.externalId ?? r.id}</span>
        </div>
      ),
    },
    { key: 'type', header: 'Type', sortField: 'type', render: (r) => humanize(r.type) },
    {
      key: 'provider',
      header: 'Provider',
      sortField: 'provider',
      render: (r) => <ProviderBadge provider={r.provider} name={accountName.get(r.providerId) ?? providerLabel(r.provider)} />,
    },
    { key: 'region', header: 'Region', sortField: 'region', render: (r) => r.region },
    { key: 'status', header: 'Status', sortField: 'status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'cost', header: 'Monthly cost', sortField: 'monthlyCost', align: 'right', render: (r) => formatCurrency(r.monthlyCost) },
    { key: 'created', header: 'Created', sortField: 'createdAt', render: (r) => <span title={r.createdAt}>{formatRelative(r.createdAt)}</span> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      width: 120,
      render: (r) => <ResourceActions resource={r} onAction={setPending} compact />,
    });
  }

  const activeFilters = Object.keys(f.filters).length > 0;
  const items = list.data?.items;
  const selectedRow = items?.find((r) => r.id === f.selected);

  async function confirmAction() {
    if (!pending) return;
    const copy = ACTION_COPY[pending.kind];
    try {
      if (pending.kind === 'delete') {
        await deleteResource(pending.id).unwrap();
        if (f.selected === pending.id) f.select(null);
      } else {
        await runAction({ id: pending.id, action: pending.kind }).unwrap();
      }
      toast.success(copy.done, pending.name);
    } catch (e) {
      toast.error(`${copy.verb} failed`, errorMessage(e));
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <PageHeader
        title="Infrastructure Management"
        description="Every resource across your cloud accounts — filter, inspect and operate."
        actions={
          canWrite && (
            <Button variant="primary" icon={<IconPlus />} onClick={() => setCreateOpen(true)} data-testid="create-resource-button">
              Create resource
            </Button>
          )
        }
      />
      <Card>
        <div className="toolbar" role="search" aria-label="Filter resources">
          <TextField
            label="Search"
            fieldClassName="search"
            className="input-sm"
            type="search"
            placeholder="Name, ID or tag…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="resource-search"
          />
          <SelectField label="Provider" className="input-sm" value={f.filters.provider ?? ''} onChange={(e) => f.setFilter('provider', e.target.value || undefined)}>
            <option value="">All providers</option>
            {PROVIDER_KINDS.map((p) => (
              <option key={p} value={p}>{providerLabel(p)}</option>
            ))}
          </SelectField>
          <SelectField label="Type" className="input-sm" value={f.filters.type ?? ''} onChange={(e) => f.setFilter('type', e.target.value || undefined)} data-testid="filter-type">
            <option value="">All types</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>{humanize(t)}</option>
            ))}
          </SelectField>
          <SelectField label="Status" className="input-sm" value={f.filters.status ?? ''} onChange={(e) => f.setFilter('status', e.target.value || undefined)} data-testid="filter-status">
            <option value="">All statuses</option>
            {RESOURCE_STATUSES.map((s) => (
              <option key={s} value={s}>{humanize(s)}</option>
            ))}
          </SelectField>
          <SelectField label="Region" className="input-sm" value={f.filters.region ?? ''} onChange={(e) => f.setFilter('region', e.target.value || undefined)}>
            <option value="">All regions</option>
            {regions.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </SelectField>
          <TagFilter value={f.filters.tag ?? ''} onChange={(v) => f.setFilter('tag', v || undefined)} />
          {activeFilters && (
            <Button size="sm" variant="ghost" icon={<IconX />} onClick={() => { setSearch(''); f.clearFilters(); }}>
              Clear filters
            </Button>
          )}
        </div>
        <div data-testid={isDemo ? 'demo-infrastructure-list' : 'infrastructure-list'}>
          <DataTable
            caption="Resources"
            columns={columns}
            rows={items}
            getRowId={(r) => r.id}
            loading={list.isLoading}
            fetching={list.isFetching}
            error={list.error ? errorMessage(list.error) : null}
            onRetry={() => list.refetch()}
            sort={f.sort}
            onSortChange={f.setSort}
            onRowClick={(r) => f.select(r.id)}
            selectedId={f.selected}
            flashIds={flash}
            empty={
              activeFilters ? (
                <EmptyState
                  title="No resources match these filters"
                  description="Try a different search or clear the filters."
                  action={<Button size="sm" onClick={() => { setSearch(''); f.clearFilters(); }}>Clear filters</Button>}
                />
              ) : (
                <EmptyState
                  title="No resources yet"
                  icon={<IconServer />}
                  description="Resources appear here once a cloud account syncs. You can also create one."
                  action={canWrite ? <Button variant="primary" size="sm" icon={<IconPlus />} onClick={() => setCreateOpen(true)}>Create resource</Button> : undefined}
                />
              )
            }
          />
          {items && items.length > 0 && (
            <CursorPagination
              total={list.data?.page.total}
              pageIndex={f.pageIndex}
              pageSize={f.limit}
              shown={items.length}
              hasNext={!!list.data?.page.nextCursor}
              onNext={() => f.next(list.data?.page.nextCursor)}
              onPrev={f.prev}
              onPageSizeChange={f.setLimit}
            />
          )}
        </div>
      </Card>

      <CreateResourceDialog
        open={createOpen}
        providers={accounts}
        isDemo={isDemo}
        onClose={() => setCreateOpen(false)}
        onCreated={(r) => {
          setCreateOpen(false);
          toast.success(isDemo || r.isDemo ? 'Demo resource created' : 'Resource created successfully', 'It is listed below while it provisions.');
        }}
      />

      {f.selected && (
        <ResourceDetail
          id={f.selected}
          fallback={selectedRow}
          providers={accounts}
          canWrite={canWrite}
          onClose={() => f.select(null)}
          onAction={setPending}
        />
      )}

      <ConfirmDialog
        open={!!pending}
        title={pending ? ACTION_COPY[pending.kind].title : ''}
        message={
          pending && (
            <>
              {ACTION_COPY[pending.kind].verb} <strong>{pending.name}</strong>? {ACTION_COPY[pending.kind].message}
            </>
          )
        }
        confirmLabel={pending ? ACTION_COPY[pending.kind].verb : 'Confirm'}
        danger={pending?.kind === 'delete' || pending?.kind === 'stop'}
        loading={actionState.isLoading || deleteState.isLoading}
        onConfirm={() => void confirmAction()}
        onCancel={() => setPending(null)}
      />
    </>
  );
}

function TagFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const invalid = text !== '' && !/^[^:]+:.*$/.test(text);
  return (
    <TextField
      label="Tag"
      className="input-sm"
      placeholder="env:prod"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => !invalid && text !== value && onChange(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !invalid) onChange(text);
      }}
      error={invalid ? 'Use key:value' : undefined}
    />
  );
}
