import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExportCsvButton } from './ExportCsvButton';

describe('ExportCsvButton', () => {
  it('downloads the loaded breakdown with readable group names', async () => {
    const save = vi.fn();
    render(
      <ExportCsvButton
        rows={[{ value: 'prv_1', total: 12.5, share: 1, previous: 10 }]}
        currency="EUR"
        groupName="Account"
        groupLabel={(v) => (v === 'prv_1' ? 'Production' : v)}
        fileName="costs.csv"
        save={save}
      />,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(save).toHaveBeenCalledWith('costs.csv', 'Account,Total (EUR),Share (%),Previous period (EUR)\r\nProduction,12.50,100.00,10.00\r\n');
  });

  it('is disabled until there is something to export', () => {
    render(<ExportCsvButton rows={undefined} currency={null} groupName="Service" groupLabel={(v) => v} fileName="x.csv" />);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
  });
});
