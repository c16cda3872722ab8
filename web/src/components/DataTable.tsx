import { useEffect, useRef, type ReactNode } from 'react';
import { EmptyState, ErrorState, Skeleton, Spinner } from './States';
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
  /** Extra class on the column's header and cells (e.g. `col-actions`, kept in view at the end). */
  className?: string;
}

/**
 * Row selection: a checkbox column whose header selects or clears every row of the page.
 * `selected` may hold ids of rows not on this page (a selection kept across pages).
 */
export interface TableSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>, changed: { rows: T[]; selected: boolean }) => void;
  /** Accessible name of a row's checkbox, e.g. "Select web-1". */
  rowLabel: (row: T) => string;
  /** Rows that cannot be selected get a disabled box. */
  isSelectable?: (row: T) => boolean;
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
  selection?: TableSelection<T>;
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
  selection,
}: DataTableProps<T>) {
  const sortField = sort?.replace(/^-/, '');
  const desc = sort?.startsWith('-');
  const selectableRows = selection && rows ? rows.filter((r) => selection.isSelectable?.(r) ?? true) : [];
  const selectedOnPage = selection ? selectableRows.filter((r) => selection.selected.has(getRowId(r))).length : 0;
  const allOnPage = selectableRows.length > 0 && selectedOnPage === selectableRows.length;
  const someOnPage = selectedOnPage > 0 && !allOnPage;
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = someOnPage;
  }, [someOnPage]);

  const toggleAll = () => {
    if (!selection) return;
    const next = new Set(selection.selected);
    const on = !allOnPage;
    for (const r of selectableRows) {
      if (on) next.add(getRowId(r));
      else next.delete(getRowId(r));
    }
    selection.onChange(next, { rows: selectableRows, selected: on });
  };
  const toggleRow = (row: T) => {
    if (!selection) return;
    const id = getRowId(row);
    const next = new Set(selection.selected);
    const on = !next.has(id);
    if (on) next.add(id);
    else next.delete(id);
    selection.onChange(next, { rows: [row], selected: on });
  };

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
            {selection && (
              <th scope="col" className="col-select">
                <input
                  ref={headerBox}
                  type="checkbox"
                  className="table-check"
                  aria-label="Select all on this page"
                  checked={allOnPage}
                  disabled={!selectableRows.length || loading}
                  onChange={toggleAll}
                  data-testid="select-page"
                />
              </th>
            )}
            {columns.map((c) => {
              const active = c.sortField && c.sortField === sortField;
              const ariaSort = active ? (desc ? 'descending' : 'ascending') : c.sortField ? 'none' : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={ariaSort}
                  className={c.className}
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
                  {selection && <td className="col-select" />}
                  {columns.map((c) => (
                    <td key={c.key}>
                      <Skeleton width={c.key === columns[0].key ? '70%' : '50%'} />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => {
                const id = getRowId(row);
                const checked = selection?.selected.has(id) ?? false;
                const cls = [onRowClick && 'clickable', flashIds?.has(id) && 'flash', checked && 'checked'].filter(Boolean).join(' ');
                return (
                  <tr
                    key={id}
                    className={cls || undefined}
                    aria-selected={selectedId ? selectedId === id : undefined}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    data-row-id={id}
                  >
                    {selection && (
                      <td className="col-select" onClick={(e) => e.stopPropagation()}>
                        <input
                          type="checkbox"
                          className="table-check"
                          aria-label={selection.rowLabel(row)}
                          checked={checked}
                          disabled={!(selection.isSelectable?.(row) ?? true)}
                          onChange={() => toggleRow(row)}
                        />
                      </td>
                    )}
                    {columns.map((c) => (
                      <td key={c.key} className={[c.align === 'right' && 'num', c.className].filter(Boolean).join(' ') || undefined}>
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

/**
 * Footer of a server-paged list. Always: the range shown, the total, Previous/Next and an
 * optional page size. With `onFirst`/`onLast` it also says "Page N of M" and offers the first
 * and last page (the caller decides how to reach them with its cursors).
 */
export function CursorPagination({
  total,
  pageIndex,
  pageSize,
  shown,
  hasNext,
  onNext,
  onPrev,
  onFirst,
  onLast,
  onPageSizeChange,
  pageSizes = [25, 50, 100, 200],
  busy,
  busyLabel,
}: {
  total: number | undefined;
  pageIndex: number;
  pageSize: number;
  shown: number;
  hasNext: boolean;
  onNext: () => void;
  onPrev: () => void;
  onFirst?: () => void;
  onLast?: () => void;
  onPageSizeChange?: (size: number) => void;
  pageSizes?: number[];
  /** Moving to another page takes a while (e.g. walking cursors): buttons wait, the label says why. */
  busy?: boolean;
  busyLabel?: string;
}) {
  const from = shown ? pageIndex * pageSize + 1 : 0;
  const to = pageIndex * pageSize + shown;
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize), pageIndex + 1) : undefined;
  const onLastPage = !hasNext;
  const pageMode = !!(onFirst || onLast);
  return (
    <nav className="table-footer" aria-label="Pagination">
      <span aria-live="polite" data-testid="pagination-range">
        {shown ? `${formatNumber(from)}–${formatNumber(to)}` : '0'}
        {total !== undefined && ` of ${formatNumber(total)}`}
      </span>
      <div className="row wrap pagination-controls">
        {onPageSizeChange && (
          <label className="row faint">
            Rows per page
            <select
              className="select input-sm"
              style={{ width: 80 }}
              value={pageSize}
              onChange={(e) => onPageSizeChange(Number(e.target.value))}
              data-testid="page-size"
            >
              {(pageSizes.includes(pageSize) ? pageSizes : [...pageSizes, pageSize].sort((a, b) => a - b)).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        {onFirst && (
          <Button size="sm" variant="ghost" onClick={onFirst} disabled={busy || pageIndex === 0} aria-label="First page">
            First
          </Button>
        )}
        <Button size="sm" icon={<IconChevronLeft />} onClick={onPrev} disabled={busy || pageIndex === 0}>
          Previous
        </Button>
        {pageMode && (
          <span className="page-indicator" data-testid="page-indicator" aria-live="polite">
            {busy ? (
              <>
                <Spinner label="" /> {busyLabel ?? 'Loading…'}
              </>
            ) : (
              <>
                Page {formatNumber(pageIndex + 1)}
                {pageCount !== undefined && ` of ${formatNumber(pageCount)}`}
              </>
            )}
          </span>
        )}
        <Button size="sm" onClick={onNext} disabled={busy || !hasNext}>
          Next
          <IconChevronRight />
        </Button>
        {onLast && (
          <Button size="sm" variant="ghost" onClick={onLast} disabled={busy || onLastPage} aria-label="Last page">
            Last
          </Button>
        )}
      </div>
    </nav>
  );
}
