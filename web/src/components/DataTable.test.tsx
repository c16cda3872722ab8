import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataTable, CursorPagination, type Column } from './DataTable';

type Row = { id: string; name: string; cost: number };
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', sortField: 'name', render: (r) => r.name },
  { key: 'cost', header: 'Cost', sortField: 'cost', align: 'right', render: (r) => r.cost },
];
const rows: Row[] = [
  { id: '1', name: 'alpha', cost: 3 },
  { id: '2', name: 'beta', cost: 5 },
];

describe('DataTable', () => {
  it('renders rows and toggles server-side sort from the headers', async () => {
    const onSortChange = vi.fn();
    const { rerender } = render(<DataTable caption="Things" columns={columns} rows={rows} getRowId={(r) => r.id} sort="name" onSortChange={onSortChange} />);
    const table = screen.getByRole('table', { name: 'Things' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('columnheader', { name: /name/i })).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.setup().click(screen.getByRole('button', { name: /name/i }));
    expect(onSortChange).toHaveBeenCalledWith('-name');
    rerender(<DataTable caption="Things" columns={columns} rows={rows} getRowId={(r) => r.id} sort="-name" onSortChange={onSortChange} />);
    expect(screen.getByRole('columnheader', { name: /name/i })).toHaveAttribute('aria-sort', 'descending');
    await userEvent.setup().click(screen.getByRole('button', { name: /cost/i }));
    expect(onSortChange).toHaveBeenLastCalledWith('cost');
  });

  it('shows loading, empty and error states', async () => {
    const onRetry = vi.fn();
    const { rerender, container } = render(<DataTable caption="T" columns={columns} rows={undefined} loading getRowId={(r) => r.id} />);
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull();
    rerender(<DataTable caption="T" columns={columns} rows={[]} getRowId={(r) => r.id} empty={<p>Nothing yet</p>} />);
    expect(screen.getByText('Nothing yet')).toBeInTheDocument();
    rerender(<DataTable caption="T" columns={columns} rows={undefined} error="Boom" onRetry={onRetry} getRowId={(r) => r.id} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Boom');
    await userEvent.setup().click(screen.getByRole('button', { name: /try again/i }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('paginates with cursors', async () => {
    const onNext = vi.fn();
    const onPrev = vi.fn();
    render(<CursorPagination total={120} pageIndex={0} pageSize={50} shown={50} hasNext onNext={onNext} onPrev={onPrev} />);
    expect(screen.getByText('1–50 of 120')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /previous/i })).toBeDisabled();
    await userEvent.setup().click(screen.getByRole('button', { name: /next/i }));
    expect(onNext).toHaveBeenCalled();
  });

  it('shows "Page N of M" with First and Last when asked, and waits while busy', async () => {
    const onFirst = vi.fn();
    const onLast = vi.fn();
    const onPageSizeChange = vi.fn();
    const props = { total: 1990, pageIndex: 2, pageSize: 50, shown: 50, hasNext: true, onNext: vi.fn(), onPrev: vi.fn(), onFirst, onLast, onPageSizeChange, pageSizes: [25, 50, 500] };
    const { rerender } = render(<CursorPagination {...props} />);
    expect(screen.getByText('Page 3 of 40')).toBeInTheDocument();
    expect(screen.getByText('101–150 of 1,990')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'First page' }));
    await user.click(screen.getByRole('button', { name: 'Last page' }));
    expect(onFirst).toHaveBeenCalled();
    expect(onLast).toHaveBeenCalled();
    await user.selectOptions(screen.getByLabelText('Rows per page'), '500');
    expect(onPageSizeChange).toHaveBeenCalledWith(500);
    rerender(<CursorPagination {...props} busy busyLabel="Loading page 40…" />);
    expect(screen.getByText('Loading page 40…')).toBeInTheDocument();
    for (const name of ['First page', 'Last page', /previous/i, /next/i]) expect(screen.getByRole('button', { name })).toBeDisabled();
  });

  it('selects rows with checkboxes; the header box selects the page and keeps other pages\' selection', async () => {
    const onChange = vi.fn();
    const onRowClick = vi.fn();
    const selection = { selected: new Set(['other-page']), onChange, rowLabel: (r: Row) => `Select ${r.name}` };
    const { rerender } = render(<DataTable caption="T" columns={columns} rows={rows} getRowId={(r) => r.id} selection={selection} onRowClick={onRowClick} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select alpha' }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(['other-page', '1']), { rows: [rows[0]], selected: true });
    expect(onRowClick).not.toHaveBeenCalled();
    await user.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(['other-page', '1', '2']), { rows, selected: true });

    rerender(<DataTable caption="T" columns={columns} rows={rows} getRowId={(r) => r.id} selection={{ ...selection, selected: new Set(['other-page', '1']) }} />);
    const all = screen.getByRole('checkbox', { name: 'Select all on this page' }) as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
    rerender(<DataTable caption="T" columns={columns} rows={rows} getRowId={(r) => r.id} selection={{ ...selection, selected: new Set(['other-page', '1', '2']) }} />);
    expect(all).toBeChecked();
    await user.click(all);
    expect(onChange).toHaveBeenLastCalledWith(new Set(['other-page']), { rows, selected: false });
    // Keyboard: Space toggles a focused box.
    screen.getByRole('checkbox', { name: 'Select beta' }).focus();
    await user.keyboard(' ');
    expect(onChange).toHaveBeenLastCalledWith(new Set(['other-page', '1']), { rows: [rows[1]], selected: false });
  });
});
