import { DataTable, type Column } from '@/components/DataTable';
import { type BreakdownRow, change } from '../utils/breakdown';
import { formatMoney, formatPercent } from '../utils/money';

function Delta({ row }: { row: BreakdownRow }) {
  const raw = change(row.total, row.previous);
  if (raw === null) return <span className="muted">{row.previous === null ? 'New' : '—'}</span>;
  // Under a twentieth of a percent is "0%", not "▲ 0.0%".
  const c = Math.abs(raw) < 0.0005 ? 0 : raw;
  return (
    <span className={c > 0 ? 'cost-up' : c < 0 ? 'cost-down' : undefined}>
      <span aria-hidden="true">{c > 0 ? '▲ ' : c < 0 ? '▼ ' : ''}</span>
      <span className="sr-only">{c > 0 ? 'up ' : c < 0 ? 'down ' : ''}</span>
      {formatPercent(Math.abs(c))}
    </span>
  );
}

/**
 * One row per group: total, share of the range's total and change from the previous period.
 * When the group can be drilled into, each name is a button (and the whole row clickable).
 */
export function BreakdownTable({
  rows,
  currency,
  groupName,
  groupLabel,
  onDrillDown,
}: {
  /** Undefined while loading (skeleton rows). */
  rows: BreakdownRow[] | undefined;
  currency: string | null;
  groupName: string;
  groupLabel: (value: string) => string;
  onDrillDown?: (value: string) => void;
}) {
  // The API filters on a value, not on its absence, so "Not set" cannot be drilled into.
  const drillable = (r: BreakdownRow) => Boolean(onDrillDown) && r.value !== '';
  const columns: Column<BreakdownRow>[] = [
    {
      key: 'group',
      header: groupName,
      render: (r) =>
        onDrillDown && drillable(r) ? (
          <button
            type="button"
            className="link-btn"
            onClick={(e) => {
              e.stopPropagation();
              onDrillDown(r.value);
            }}
            aria-label={`${groupLabel(r.value)}: show its breakdown`}
          >
            {groupLabel(r.value)}
          </button>
        ) : (
          groupLabel(r.value)
        ),
    },
    { key: 'total', header: 'Total', align: 'right', render: (r) => formatMoney(r.total, currency) },
    {
      key: 'share',
      header: 'Share',
      align: 'right',
      render: (r) => (
        <span className="cost-share">
          <span className="cost-share-bar" style={{ width: `${Math.max(0, Math.min(1, r.share)) * 100}%` }} aria-hidden="true" />
          {formatPercent(r.share)}
        </span>
      ),
    },
    { key: 'delta', header: 'vs previous period', align: 'right', render: (r) => <Delta row={r} /> },
  ];
  return (
    <DataTable
      caption={`Cost by ${groupName.toLowerCase()}`}
      columns={columns}
      rows={rows}
      loading={!rows}
      getRowId={(r) => r.value}
      onRowClick={onDrillDown ? (r) => drillable(r) && onDrillDown(r.value) : undefined}
      testId="cost-breakdown"
    />
  );
}
