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
});
