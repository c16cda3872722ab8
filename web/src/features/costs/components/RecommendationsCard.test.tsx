import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import type { CostRecommendation } from '@/lib/api/types';
import { RecommendationsCard } from './RecommendationsCard';

function rec(over: Partial<CostRecommendation>): CostRecommendation {
  return {
    id: 'rec_1',
    kind: 'idle_server',
    resourceId: 'res_1',
    resourceName: 'demo-idle-server-1',
    provider: 'aws',
    providerId: 'acct_1',
    region: 'us-east-1',
    title: 'Stop idle server demo-idle-server-1',
    detail: 'CPU p95 was 2.9 % over the last 14 days (under 5.0 %).',
    monthlySavings: 70.08,
    currency: 'USD',
    action: { kind: 'stop' },
    status: 'open',
    dismissedReason: null,
    dismissedAt: null,
    firstSeenAt: '2026-12-01T00:00:00Z',
    lastSeenAt: '2026-12-05T00:00:00Z',
    ...over,
  };
}

const IDLE = rec({});
const VOLUME = rec({
  id: 'rec_2',
  kind: 'unattached_volume',
  resourceId: 'res_2',
  resourceName: 'demo-unattached-volume-1',
  title: 'Delete unattached volume demo-unattached-volume-1',
  detail: 'No server uses it.',
  monthlySavings: 16,
  action: { kind: 'delete' },
});
const PLAN = rec({
  id: 'rec_3',
  kind: 'commitment',
  resourceId: null,
  resourceName: 'Compute',
  title: 'Buy a savings plan for 0.58 USD/h',
  monthlySavings: 163.52,
  action: null,
});
const LIST = { items: [PLAN, IDLE, VOLUME], totalMonthlySavings: 249.6, currency: 'USD', totalsByCurrency: { USD: 249.6 } };

function setup({ role = 'operator', list = ok(LIST) as unknown } = {}) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, role }),
    'GET /costs/recommendations': list as never,
    'POST /costs/recommendations/rec_1/apply': ok({ ...IDLE, status: 'applied' }, undefined, 202),
    'POST /costs/recommendations/rec_2/dismiss': ok({ ...VOLUME, status: 'dismissed', dismissedReason: 'kept' }),
  });
  renderRoute(<RecommendationsCard canAct={role !== 'viewer'} />, { path: '/cost', route: '/cost' });
  return m;
}

describe('RecommendationsCard', () => {
  it('shows the total and a table per kind with savings', async () => {
    const m = setup();
    expect(await screen.findByTestId('recommendations-total')).toHaveTextContent('$249.60 a month could be saved');
    const idle = screen.getByRole('table', { name: 'Idle servers' });
    expect(within(idle).getByText('Stop idle server demo-idle-server-1')).toBeInTheDocument();
    expect(within(idle).getByText('$70.08')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Unattached volumes' })).toBeInTheDocument();
    const plans = screen.getByRole('table', { name: 'Commitment coverage' });
    // A savings plan has nothing to do in one click: no action button, dismiss only.
    expect(within(plans).queryByRole('button', { name: /^(Stop|Delete|Resize) / })).toBeNull();
    expect(within(plans).getByRole('button', { name: 'Dismiss the recommendation for Compute' })).toBeInTheDocument();
    expect(m.find('GET', '/costs/recommendations')[0].query.get('status')).toBe('open');
  });

  it('applies an action only after confirming, from the keyboard', async () => {
    const m = setup();
    const user = userEvent.setup();
    const stop = await screen.findByRole('button', { name: 'Stop demo-idle-server-1' });
    stop.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Stop demo-idle-server-1?');
    expect(m.find('POST', '/costs/recommendations/rec_1/apply')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(m.find('POST', '/costs/recommendations/rec_1/apply')).toHaveLength(1));
  });

  it('dismissing needs a reason', async () => {
    const m = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Dismiss the recommendation for demo-unattached-volume-1' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    expect(await within(dialog).findByText(/Say why/)).toBeInTheDocument();
    expect(m.find('POST', '/costs/recommendations/rec_2/dismiss')).toHaveLength(0);
    await user.type(within(dialog).getByLabelText(/Reason/), 'kept');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(m.find('POST', '/costs/recommendations/rec_2/dismiss')).toHaveLength(1));
    expect(m.find('POST', '/costs/recommendations/rec_2/dismiss')[0].body).toEqual({ reason: 'kept' });
  });

  it('viewers see the savings but no buttons', async () => {
    setup({ role: 'viewer' });
    await screen.findByRole('table', { name: 'Idle servers' });
    expect(screen.queryByRole('button', { name: /^Stop / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Dismiss/ })).toBeNull();
  });

  it('has empty and error states', async () => {
    setup({ list: ok({ items: [], totalMonthlySavings: 0, currency: null, totalsByCurrency: {} }) });
    expect(await screen.findByText('No savings found')).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    setup({ list: fail(500, 'INTERNAL', 'boom') });
    expect(await screen.findByText(/Could not load recommendations/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
