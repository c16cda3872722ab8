import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge, ProviderBadge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card } from '@/components/Card';
import { DataTable, type Column } from '@/components/DataTable';
import { SelectField } from '@/components/Field';
import { apiDownload } from '@/lib/api/http';
import { errorMessage } from '@/lib/api/errors';
import type { SecurityFinding } from '@/lib/api/types';
import { downloadBlob } from '@/lib/download';
import { formatRelative, humanize } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useListFindingsQuery, type FindingsQuery } from '../api/securityApi';
import { FindingDrawer } from './FindingDrawer';
import { MuteDialog, type MuteTarget } from './MuteDialog';
import { SEVERITIES, SeverityBadge, severityLabel } from '@/components/SeverityBadge';
import { FRAMEWORK_NAMES } from './frameworks';

const PAGE = 50;
const TYPES = ['server', 'database', 'storage', 'network', 'container', 'function', 'load_balancer', 'cache', 'queue', 'dns', 'account', 'identity', 'key'];
const FILTER_KEYS = ['severity', 'status', 'framework', 'provider', 'resourceType', 'ruleId', 'resourceId'] as const;

/** The findings filters kept in the URL (so a view can be shared and survives a reload). */
export function useFindingsFilters() {
  const [params, setParams] = useSearchParams();
  const filters: FindingsQuery = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (filters as Record<string, string>)[k] = v;
  }
  if (!params.get('status')) filters.status = 'open';
  if (params.get('status') === 'all') delete filters.status;
  const sort = params.get('sort') ?? 'severity';
  /** Sets (or, with undefined, removes) several filters in one URL change. */
  const set = (changes: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) p.set(key, value);
      else p.delete(key);
    }
    setParams(p, { replace: true });
  };
  return { filters, sort, set };
}

/** Findings with server-side filters, sort and cursor pages; a finding opens in a drawer;
 * operators mute a selection by rule or by resource, and anyone exports the view as CSV. */
export function FindingsPanel({ canOperate }: { canOperate: boolean }) {
  const { filters, sort, set } = useFindingsFilters();
  const [cursors, setCursors] = useState<string[]>([]);
  const signature = JSON.stringify({ filters, sort });
  const [selected, setSelected] = useState<Map<string, SecurityFinding>>(() => new Map());
  const [seen, setSeen] = useState(signature);
  if (seen !== signature) {
    // Another filter or sort starts from the first page with nothing selected: a bulk mute
    // never reaches findings the list no longer shows.
    setSeen(signature);
    setCursors([]);
    setSelected(new Map());
  }
  const cursor = cursors.at(-1);
  const q = useListFindingsQuery({ ...filters, sort, limit: PAGE, cursor });
  const [openId, setOpenId] = useState<string | null>(null);
  const [muting, setMuting] = useState<MuteTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const toast = useToast();

  const columns: Column<SecurityFinding>[] = useMemo(
    () => [
      { key: 'severity', header: 'Severity', sortField: 'severity', render: (f) => <SeverityBadge severity={f.severity} />, width: 110 },
      {
        key: 'title',
        header: 'Finding',
        sortField: 'ruleId',
        render: (f) => (
          <div>
            <div className="cell-title">{f.title}</div>
            <div className="cell-sub">{f.ruleId}</div>
          </div>
        ),
      },
      {
        key: 'resource',
        header: 'Resource',
        sortField: 'resourceName',
        render: (f) => (
          <div>
            <div className="cell-title">{f.resourceName}</div>
            <div className="cell-sub">
              {humanize(f.resourceType)} · {f.region}
            </div>
          </div>
        ),
      },
      { key: 'provider', header: 'Cloud', render: (f) => <ProviderBadge provider={f.provider} /> },
      {
        key: 'status',
        header: 'Status',
        render: (f) =>
          f.status === 'resolved' ? <Badge tone="success">Resolved</Badge> : f.muted ? <Badge>Muted</Badge> : <Badge tone="warning" dot>Open</Badge>,
      },
      { key: 'lastSeen', header: 'Last seen', sortField: 'lastSeenAt', render: (f) => formatRelative(f.lastSeenAt) },
    ],
    [],
  );

  const exportAs = async (format: 'csv' | 'ocsf') => {
    setExporting(true);
    try {
      const name = format === 'csv' ? 'cloudweave-security-findings.csv' : 'cloudweave-security-findings.ocsf.json';
      downloadBlob(name, await apiDownload('/security/findings/export', { params: { ...filters, format } }));
    } catch (e) {
      toast.error('Could not export the findings', errorMessage(e));
    } finally {
      setExporting(false);
    }
  };
  const muteSelection = () => {
    const rows = [...selected.values()];
    setMuting({
      ruleIds: [...new Set(rows.map((r) => r.ruleId))],
      resourceIds: [...new Set(rows.map((r) => r.resourceId))],
      label: rows.length === 1 ? rows[0].title : `${rows.length} findings`,
    });
  };

  const items = q.data?.items;
  const next = q.data?.page.nextCursor ?? null;
  return (
    <Card>
      <div className="security-filters">
        <SelectField label="Severity" value={filters.severity ?? ''} onChange={(e) => set({ severity: e.target.value })} data-testid="filter-severity">
          <option value="">All severities</option>
          <option value="critical,high">Critical and high</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {severityLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" value={filters.status ?? 'all'} onChange={(e) => set({ status: e.target.value === 'open' ? undefined : e.target.value })} data-testid="filter-status">
          <option value="open">Open</option>
          <option value="muted">Muted</option>
          <option value="resolved">Resolved</option>
          <option value="all">All</option>
        </SelectField>
        <SelectField label="Framework" value={filters.framework ?? ''} onChange={(e) => set({ framework: e.target.value })}>
          <option value="">Any framework</option>
          {Object.entries(FRAMEWORK_NAMES).map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Cloud" value={filters.provider ?? ''} onChange={(e) => set({ provider: e.target.value })}>
          <option value="">Any cloud</option>
          <option value="aws">AWS</option>
          <option value="azure">Azure</option>
          <option value="gcp">Google Cloud</option>
        </SelectField>
        <SelectField label="Resource type" value={filters.resourceType ?? ''} onChange={(e) => set({ resourceType: e.target.value })}>
          <option value="">Any type</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </SelectField>
        <div className="row security-filter-actions">
          {(filters.ruleId || filters.resourceId) && (
            <Button size="sm" variant="ghost" onClick={() => set({ ruleId: undefined, resourceId: undefined })}>
              Clear {filters.ruleId ? `rule ${filters.ruleId}` : 'resource'}
            </Button>
          )}
          {canOperate && selected.size > 0 && (
            <Button size="sm" variant="primary" onClick={muteSelection} data-testid="findings-mute-selected">
              Mute {selected.size} selected…
            </Button>
          )}
          <Button size="sm" onClick={() => void exportAs('csv')} disabled={exporting} aria-busy={exporting || undefined}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </Button>
          <Button size="sm" onClick={() => void exportAs('ocsf')} disabled={exporting} title="OCSF 1.8.0 Detection Findings, for a SIEM or security lake">
            Export OCSF
          </Button>
        </div>
      </div>
      <DataTable
        caption="Security findings"
        columns={columns}
        rows={items}
        getRowId={(f) => f.id}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={q.refetch}
        sort={sort}
        onSortChange={(s) => set({ sort: s === 'severity' ? undefined : s })}
        onRowClick={(f) => setOpenId(f.id)}
        selectedId={openId}
        testId="security-findings"
        empty={
          <p className="muted" style={{ padding: 16 }}>
            {filters.status === 'open' ? 'No open findings match these filters — nicely done.' : 'No findings match these filters.'}
          </p>
        }
        selection={
          canOperate
            ? {
                selected: new Set(selected.keys()),
                rowLabel: (f) => `Select ${f.title} on ${f.resourceName}`,
                isSelectable: (f) => f.status === 'open',
                onChange: (_next, changed) =>
                  setSelected((prev) => {
                    const m = new Map(prev);
                    for (const r of changed.rows) {
                      if (changed.selected) m.set(r.id, r);
                      else m.delete(r.id);
                    }
                    return m;
                  }),
              }
            : undefined
        }
      />
      <div className="row security-pager">
        <Button size="sm" variant="ghost" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </Button>
        <span className="muted">Page {cursors.length + 1}</span>
        <Button size="sm" variant="ghost" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
          Next
        </Button>
      </div>
      <FindingDrawer id={openId} canOperate={canOperate} onClose={() => setOpenId(null)} />
      <MuteDialog
        target={muting}
        onClose={() => setMuting(null)}
        onMuted={(n) => {
          setSelected(new Map());
          toast.success(`Muted ${n} finding${n === 1 ? '' : 's'}`);
        }}
      />
    </Card>
  );
}
