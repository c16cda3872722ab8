import type { ReactNode } from 'react';
import { EmptyState, ErrorState, Skeleton } from './States';
import { IconChevronDown, IconChevronUp, IconSort, IconChevronLeft, IconChevronRight } from './icons';
import { Button } from './Button';
import { formatNumber } from '@/lib/format';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** Server-side sort field; makes the header a sort button. */
  sortField?: string;
  align?: 'left' | 'right';
  width?: number | string;
}

export interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  getRowId: (row: T) => string;
  loading?: boolean;
  fetching?: boolean;
  error?: string | null;
  onRetry?: () => void;
  empty?: ReactNode;
  /** "field" or "-field" */
  sort?: string;
  onSortChange?: (sort: string) => void;
  onRowClick?: (row: T) => void;
  selectedId?: string | null;
  flashIds?: ReadonlySet<string>;
  testId?: string;
  skeletonRows?: number;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  getRowId,
  loading,
  fetching,
  error,
  onRetry,
  empty,
  sort,
  onSortChange,
  onRowClick,
  selectedId,
  flashIds,
  testId,
  skeletonRows = 6,
}: DataTableProps<T>) {
  const sortField = sort?.replace(/^-/, '');
  const desc = sort?.startsWith('-');

  if (error && !rows?.length) {
    return <ErrorState message={error} onRetry={onRetry} />;
  }
  if (!loading && rows && rows.length === 0) {
    return <>{empty ?? <EmptyState title="Nothing here yet" />}</>;
  }

  return (
    <div
      className="table-wrap"
      data-testid={testId}
      aria-busy={loading || fetching || undefined}
      role="region"
      aria-label={caption}
      // Scrollable regions must be reachable by keyboard.
      tabIndex={0}
    >
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.sortField && c.sortField === sortField;
              const ariaSort = active ? (desc ? 'descending' : 'ascending') : c.sortField ? 'none' : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={ariaSort}
                  style={{ width: c.width, textAlign: c.align === 'right' ? 'right' : undefined }}
                >
                  {c.sortField && onSortChange ? (
                    <button
                      type="button"
                      className="sort-btn"
                      onClick={() => onSortChange(active && !desc ? `-${c.sortField}` : (c.sortField as string))}
                    >
                      {c.header}
                      {active ? desc ? <IconChevronDown /> : <IconChevronUp /> : <IconSort />}
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody style={{ opacity: fetching && !loading ? 0.7 : 1 }}>
          {loading || !rows
            ? Array.from({ length: skeletonRows }, (_, i) => (
                <tr key={`sk-${i}`} aria-hidden="true">
                  {columns.map((c) => (
                    <td key={c.key}>
                      <Skeleton width={c.key === columns[0].key ? '70%' : '50%'} />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => {
                const id = getRowId(row);
                const cls = [onRowClick && 'clickable', flashIds?.has(id) && 'flash'].filter(Boolean).join(' ');
                return (
                  <tr
                    key={id}
                    className={cls || undefined}
                    aria-selected={selectedId ? selectedId === id : undefined}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    data-row-id={id}
                  >
                    {columns.map((c) => (
                      <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>
                        {c.render(row)}
                      </td>
                    ))}
                  </tr>
                );
              })}
        </tbody>
      </table>
    </div>
  );
}

export function CursorPagination({
  total,
  pageIndex,
  pageSize,
  shown,
  hasNext,
  onNext,
  onPrev,
  onPageSizeChange,
  pageSizes = [25, 50, 100, 200],
}: {
  total: number | undefined;
  pageIndex: number;
  pageSize: number;
  shown: number;
  hasNext: boolean;
  onNext: () => void;
  onPrev: () => void;
  onPageSizeChange?: (size: number) => void;
  pageSizes?: number[];
}) {
  const from = shown ? pageIndex * pageSize + 1 : 0;
  const to = pageIndex * pageSize + shown;
  return (
    <nav className="table-footer" aria-label="Pagination">
      <span aria-live="polite">
        {shown ? `${formatNumber(from)}–${formatNumber(to)}` : '0'}
        {total !== undefined && ` of ${formatNumber(total)}`}
      </span>
      <div className="row">
        {onPageSizeChange && (
          <label className="row faint">
            Rows per page
            <select
              className="select input-sm"
              style={{ width: 80 }}
              value={pageSize}
              onChange={(e) => onPageSizeChange(Number(e.target.value))}
            >
              {pageSizes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <Button size="sm" icon={<IconChevronLeft />} onClick={onPrev} disabled={pageIndex === 0}>
          Previous
        </Button>
        <Button size="sm" onClick={onNext} disabled={!hasNext}>
          Next
          <IconChevronRight />
        </Button>
      </div>
    </nav>
  );
}
