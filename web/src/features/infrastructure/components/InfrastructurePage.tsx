import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/Button';
import { Card, PageHeader } from '@/components/Card';
import { ProviderBadge } from '@/components/Badge';
import { ConfirmDialog } from '@/components/Dialog';
import { CursorPagination, DataTable, type Column } from '@/components/DataTable';
import { SelectField, TextField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconPlus, IconServer, IconX } from '@/components/icons';
import {
  useDeleteResourceMutation,
  useGetMeQuery,
  useGetResourceQuery,
  useListProvidersQuery,
  useListResourcesQuery,
  useResourceActionMutation,
} from '@/lib/api/endpoints';
import { errorMessage, fieldErrors } from '@/lib/api/errors';
import { RESOURCE_STATUSES, RESOURCE_TYPES, type Resource } from '@/lib/api/types';
import { useIsDemo } from '@/lib/api/useIsDemo';
import { can } from '@/lib/auth/permissions';
import { formatCurrency, formatRelative, humanize, providerLabel } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import '@/styles/inventory.css';
import { useBulkRunner } from '../hooks/useBulkRunner';
import { useCsvExport } from '../hooks/useCsvExport';
import { useDebounced } from '../hooks/useDebounced';
import { usePageNavigation } from '../hooks/usePageNavigation';
import { PAGE_SIZES, useResourceFilters } from '../hooks/useResourceFilters';
import { useTransitions } from '../hooks/useTransitions';
import { DEFAULT_REGIONS, RESOURCE_PROVIDERS, typeLabel, type PendingAction } from '../types';
import { actionFailure, userFacingMessage } from '../utils/actions';
import { planBulk, plural, summarizeSkipped, type BulkKind, type BulkPlan } from '../utils/bulk';
import { BulkActionBar, BulkDialog } from './BulkActions';
import { CreateResourceDialog } from './CreateResourceDialog';
import { ExportCsvButton, ExportStatus } from './ExportCsv';
import { ResourceActions } from './ResourceActions';
import { ResourceDetail } from './ResourceDetail';
import { ResourceStatus } from './ResourceStatus';

const ACTION_COPY: Record<PendingAction['kind'], { title: string; verb: string; done: string; message: string }> = {
  start: { title: 'Start resource', verb: 'Start', done: 'Start requested', message: 'The resource will boot and begin accruing cost.' },
  stop: { title: 'Stop resource', verb: 'Stop', done: 'Stop requested', message: 'Running workloads on it will be interrupted.' },
  reboot: { title: 'Reboot resource', verb: 'Reboot', done: 'Reboot requested', message: 'It will be briefly unavailable.' },
  delete: { title: 'Delete resource', verb: 'Delete', done: 'Resource deleted', message: 'This permanently removes the resource from the cloud account. This cannot be undone.' },
};

const BULK_DONE: Record<BulkKind, (n: number) => string> = {
  start: (n) => `Start requested for ${plural(n, 'resource')}`,
  stop: (n) => `Stop requested for ${plural(n, 'resource')}`,
  tag: (n) => `Tag added to ${plural(n, 'resource')}`,
  delete: (n) => `Deleting ${plural(n, 'resource')}`,
};

export function InfrastructurePage() {
  const { data: me } = useGetMeQuery();
  const canWrite = can(me?.role, 'resources:write');
  const { isDemo } = useIsDemo();
  const toast = useToast();
  const f = useResourceFilters();
  const providers = useListProvidersQuery();
  const refetchList = useRef<() => void>(() => {});
  const transitions = useTransitions({ onExpired: () => refetchList.current() });
  // A page number without its cursor is resolved first (usePageNavigation) rather than shown
  // as page 1 under the wrong number. While actions are under way the page is also polled, in
  // case the live connection (which normally brings the end) is down.
  const list = useListResourcesQuery(f.query, { skip: f.page > 1 && !f.cursor, pollingInterval: transitions.transitions.size ? 5000 : 0 });
  refetchList.current = () => void list.refetch();
  const nav = usePageNavigation(f, list.currentData, {
    onError: (e) => toast.error('Could not open that page', errorMessage(e)),
  });
  const detail = useGetResourceQuery(f.selected ?? '', { skip: !f.selected });
  const [runAction, actionState] = useResourceActionMutation();
  const [deleteResource, deleteState] = useDeleteResourceMutation();
  const [createOpen, setCreateOpen] = useState(false);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const csv = useCsvExport();
  const bulk = useBulkRunner();
  const [selection, setSelection] = useState<Map<string, Resource>>(() => new Map());
  const [bulkPlan, setBulkPlan] = useState<BulkPlan | null>(null);

  // Search box: local state, debounced into the URL. Only a new debounced text writes the URL
  // (an effect event reads the current filters without re-running when they change).
  const [search, setSearch] = useState(f.filters.q ?? '');
  const debounced = useDebounced(search, 300);
  const onSearchSettled = useEffectEvent((q: string) => {
    if ((f.filters.q ?? '') !== q) f.setFilter('q', q || undefined);
  });
  useEffect(() => onSearchSettled(debounced), [debounced]);

  // A cursor the server does not take (another list's, or from an older link): back to page 1,
  // once per error.
  const onListError = useEffectEvent((error: typeof list.error) => {
    if (error && f.page > 1 && fieldErrors(error).cursor) {
      toast.info('That page is no longer available', 'Showing the first page.');
      f.setPage(1, undefined, { replace: true });
    }
  });
  useEffect(() => onListError(list.error), [list.error]);

  // Actions under way end when the rows (patched by resource.updated events) show their result.
  const observe = transitions.observe;
  useEffect(() => observe(list.data?.items), [list.data, observe]);
  useEffect(() => observe(detail.data ? [detail.data] : undefined), [detail.data, observe]);
  const observeOne = useCallback((r: Resource) => observe([r]), [observe]);

  // The selection belongs to one list: another filter, sort or page size starts afresh.
  const firstSignature = useRef(f.signature);
  useEffect(() => {
    if (firstSignature.current === f.signature) return;
    firstSignature.current = f.signature;
    setSelection(new Map());
  }, [f.signature]);

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

  const accounts = useMemo(() => providers.data ?? [], [providers.data]);
  const accountName = useMemo(() => new Map(accounts.map((p) => [p.id, p.name])), [accounts]);
  const regions = useMemo(() => {
    const set = new Set<string>();
    for (const p of accounts) for (const r of p.regions?.length ? p.regions : DEFAULT_REGIONS[p.provider] ?? []) set.add(r);
    if (f.filters.region) set.add(f.filters.region);
    return [...set].sort();
  }, [accounts, f.filters.region]);

  const items = list.data?.items;
  const selectedRow = items?.find((r) => r.id === f.selected);

  const columns: Column<Resource>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'name',
      className: 'col-name',
      render: (r) => (
        <div className="cell-stack">
          <button type="button" className="link-btn cell-ellipsis" title={r.name} onClick={(e) => { e.stopPropagation(); f.select(r.id); }}>
            {r.name}
          </button>
          <span className="cell-sub mono cell-ellipsis" title={r.externalId ?? r.id}>{r.externalId ?? r.id}</span>
        </div>
      ),
    },
    { key: 'type', header: 'Type', sortField: 'type', render: (r) => typeLabel(r.type) },
    {
      key: 'provider',
      header: 'Provider',
      sortField: 'provider',
      className: 'col-provider',
      render: (r) => <ProviderBadge provider={r.provider} name={accountName.get(r.providerId) ?? providerLabel(r.provider)} />,
    },
    { key: 'region', header: 'Region', sortField: 'region', render: (r) => r.region },
    {
      key: 'status',
      header: 'Status',
      sortField: 'status',
      render: (r) => <ResourceStatus status={r.status} transition={transitions.transitions.get(r.id)} />,
    },
    { key: 'cost', header: 'Monthly cost', sortField: 'monthlyCost', align: 'right', render: (r) => formatCurrency(r.monthlyCost) },
    { key: 'created', header: 'Created', sortField: 'createdAt', render: (r) => <span title={r.createdAt}>{formatRelative(r.createdAt)}</span> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'col-actions',
      render: (r) => <ResourceActions resource={r} transition={transitions.transitions.get(r.id)} onAction={setPending} compact />,
    });
  }

  const activeFilters = Object.keys(f.filters).length > 0;

  async function confirmAction() {
    if (!pending) return;
    const p = pending;
    const copy = ACTION_COPY[p.kind];
    try {
      if (p.kind === 'delete') {
        await deleteResource(p.id).unwrap();
        if (f.selected === p.id) f.select(null);
      } else {
        transitions.begin([{ id: p.id, updatedAt: p.updatedAt ?? '' }], p.kind);
        await runAction({ id: p.id, action: p.kind }).unwrap();
      }
      toast.success(copy.done, p.name);
    } catch (e) {
      transitions.end(p.id);
      toast.error(actionFailure(p.kind, p.name), userFacingMessage(errorMessage(e)));
    } finally {
      setPending(null);
    }
  }

  // --- bulk -----------------------------------------------------------------------------
  const freshSelection = (): Resource[] => {
    const current = new Map((items ?? []).map((r) => [r.id, r]));
    return [...selection.values()].map((r) => current.get(r.id) ?? r);
  };
  const openBulk = (kind: BulkKind) => {
    bulk.reset();
    setBulkPlan(planBulk(kind, freshSelection()));
  };
  const closeBulk = () => {
    setBulkPlan(null);
    bulk.reset();
  };
  async function confirmBulk(tag?: { key: string; value: string }) {
    if (!bulkPlan) return;
    const plan = bulkPlan;
    const result = await bulk.start(plan, tag);
    if (plan.kind === 'start' || plan.kind === 'stop') transitions.begin(result.succeeded, plan.kind);
    setSelection(new Map(result.failures.map((x) => [x.resource.id, x.resource])));
    if (!result.failures.length && !result.cancelled) {
      closeBulk();
      const skipped = summarizeSkipped(plan.kind, plan.skipped);
      const what = plan.kind === 'tag' && tag ? `Tag ${tag.key}=${tag.value} added to ${plural(result.succeeded.length, 'resource')}` : BULK_DONE[plan.kind](result.succeeded.length);
      toast.success(what, skipped.length ? `Skipped: ${skipped.join('; ')}.` : undefined);
    }
  }

  const exportCsv = () => {
    void csv.start({ ...f.filters, sort: f.sort });
  };

  const pageIndex = f.page - 1;
  const emptyPastEnd = f.page > 1 && items && items.length === 0;

  return (
    <>
      <PageHeader
        title="Infrastructure Management"
        description="Every resource across your cloud accounts — filter, inspect and operate."
        actions={
          <div className="row">
            <ExportCsvButton state={csv.state} onStart={exportCsv} disabled={!items?.length} />
            {canWrite && (
              <Button variant="primary" icon={<IconPlus />} onClick={() => setCreateOpen(true)} data-testid="create-resource-button">
                Create resource
              </Button>
            )}
          </div>
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
            {RESOURCE_PROVIDERS.map((p) => (
              <option key={p} value={p}>{providerLabel(p)}</option>
            ))}
          </SelectField>
          <SelectField label="Type" className="input-sm" value={f.filters.type ?? ''} onChange={(e) => f.setFilter('type', e.target.value || undefined)} data-testid="filter-type">
            <option value="">All types</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>{typeLabel(t)}</option>
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
        <ExportStatus state={csv.state} onCancel={csv.cancel} onDismiss={csv.reset} />
        {canWrite && selection.size > 0 && (
          <BulkActionBar count={selection.size} onAction={openBulk} onClear={() => setSelection(new Map())} />
        )}
        <div data-testid={isDemo ? 'demo-infrastructure-list' : 'infrastructure-list'}>
          <DataTable
            caption="Resources"
            columns={columns}
            rows={items}
            getRowId={(r) => r.id}
            loading={list.isLoading || (nav.needsCursor && !items)}
            fetching={list.isFetching || !!nav.seeking}
            error={list.error ? errorMessage(list.error) : null}
            onRetry={() => list.refetch()}
            sort={f.sort}
            onSortChange={f.setSort}
            onRowClick={(r) => f.select(r.id)}
            selectedId={f.selected}
            flashIds={flash}
            selection={
              canWrite
                ? {
                    selected: new Set(selection.keys()),
                    rowLabel: (r) => `Select ${r.name}`,
                    isSelectable: (r) => r.status !== 'terminated',
                    onChange: (next, changed) =>
                      setSelection((prev) => {
                        const m = new Map<string, Resource>();
                        for (const [id, r] of prev) if (next.has(id)) m.set(id, r);
                        if (changed.selected) for (const r of changed.rows) m.set(r.id, r);
                        return m;
                      }),
                  }
                : undefined
            }
            empty={
              emptyPastEnd ? (
                <EmptyState
                  title="This page is empty"
                  description="The list got shorter since this page was opened."
                  action={<Button size="sm" onClick={nav.first}>Go to the first page</Button>}
                />
              ) : activeFilters ? (
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
              pageIndex={pageIndex}
              pageSize={f.limit}
              shown={items.length}
              hasNext={!!list.data?.page.nextCursor}
              onNext={nav.next}
              onPrev={nav.prev}
              onFirst={nav.first}
              onLast={nav.last}
              onPageSizeChange={f.setLimit}
              pageSizes={PAGE_SIZES}
              // Until the rows of the page in the URL arrive, the old ones show dimmed: the footer
              // says it is loading rather than "Page 6 of 6" over page 2's rows.
              busy={!!nav.seeking || (list.isFetching && !list.currentData)}
              busyLabel={`Loading page ${nav.seeking?.target ?? f.page}…`}
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
          transition={transitions.transitions.get(f.selected)}
          onClose={() => f.select(null)}
          onAction={setPending}
          onObserve={observeOne}
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

      <BulkDialog
        plan={bulkPlan}
        selectedCount={bulkPlan ? bulkPlan.apply.length + bulkPlan.skipped.length : 0}
        run={bulk.run}
        onConfirm={(tag) => void confirmBulk(tag)}
        onCancelRun={bulk.cancel}
        onClose={closeBulk}
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
