import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { BudgetsPanel } from './BudgetsPanel';

const BUDGET = {
  id: 'bud_1',
  name: 'Compute monthly',
  amount: 1000,
  currency: 'USD',
  period: 'monthly',
  filters: { service: 'Compute' },
  thresholds: [{ percent: 80, basis: 'actual' }],
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  status: {
    periodStart: '2026-12-01',
    periodEnd: '2027-01-01',
    spent: 850,
    forecast: 1200,
    percentUsed: 85,
    state: 'warning',
    error: null,
    crossed: [{ periodStart: '2026-12-01', basis: 'actual', percent: 80, value: 850, crossedAt: '2026-12-04T00:00:00.000Z' }],
  },
};

describe('BudgetsPanel', () => {
  it('shows where each budget stands: spend against the amount, the forecast and the alerts sent', async () => {
    signedIn();
    mockApi({ 'GET /budgets': ok([BUDGET]) });
    renderRoute(<BudgetsPanel canManage={false} />);
    const row = await screen.findByTestId('budget');
    expect(row).toHaveTextContent('Compute monthly');
    expect(row).toHaveTextContent('Monthly · service Compute · 2026-12-01 – 2027-01-01');
    expect(row).toHaveTextContent('$850.00 of $1,000.00 spent (85%)');
    expect(row).toHaveTextContent("Forecast $1,200.00 by the period's end");
    expect(row).toHaveTextContent('Alerted: spend 80%');
    expect(within(row).getByText('Warning')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /Edit/ })).not.toBeInTheDocument();
  });

  it('lets an admin create a budget with its scope and thresholds', async () => {
    signedIn();
    const m = mockApi({
      'GET /budgets': ok([]),
      'GET /providers': ok([]),
      'POST /budgets': ok(BUDGET, undefined, 201),
    });
    renderRoute(<BudgetsPanel canManage />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New budget' }));
    const dialog = screen.getByRole('dialog', { name: 'New budget' });
    await user.type(within(dialog).getByLabelText('Name'), 'Web team');
    await user.type(within(dialog).getByLabelText('Amount'), '500');
    await user.selectOptions(within(dialog).getByLabelText('Period'), 'quarterly');
    await user.type(within(dialog).getByLabelText('Tag'), 'team:web');
    await user.click(within(dialog).getByRole('button', { name: 'Remove threshold 4' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create budget' }));
    await waitFor(() => expect(m.find('POST', '/budgets')).toHaveLength(1));
    expect(m.find('POST', '/budgets')[0].body).toEqual({
      name: 'Web team',
      amount: 500,
      currency: 'USD',
      period: 'quarterly',
      filters: { tag: 'team:web' },
      thresholds: [
        { percent: 50, basis: 'actual' },
        { percent: 80, basis: 'actual' },
        { percent: 100, basis: 'actual' },
      ],
    });
  });
});
