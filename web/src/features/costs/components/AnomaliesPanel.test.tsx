import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { AnomaliesPanel } from './AnomaliesPanel';

const ANOMALY = {
  id: 'anm_1',
  date: '2026-12-02',
  days: 1,
  scope: { dimension: 'account', key: 'prv_1' },
  currency: 'USD',
  expected: 100,
  actual: 500,
  impact: 400,
  score: 12,
  drivers: [
    { dimension: 'region', key: 'us-west-2', expected: 0, actual: 400, contribution: 400, share: 1 },
    { dimension: 'resource', key: 'i-2', expected: 0, actual: 400, contribution: 400, share: 1 },
  ],
  status: 'open',
  dismissedReason: null,
  dismissedBy: null,
  dismissedAt: null,
  detectedAt: '2026-12-03T00:00:00.000Z',
};

describe('AnomaliesPanel', () => {
  it('names where and by how much, what drove it, and lets an operator dismiss it with a reason', async () => {
    signedIn();
    const m = mockApi({
      'GET /costs/anomalies': ok([ANOMALY]),
      'GET /providers': ok([{ id: 'prv_1', provider: 'aws', name: 'Production AWS', status: 'connected', isDemo: false, regions: [] }]),
      'POST /costs/anomalies/:id/dismiss': ok({ ...ANOMALY, status: 'dismissed', dismissedReason: 'load test' }),
    });
    renderRoute(<AnomaliesPanel canDismiss />);
    const table = await screen.findByRole('table', { name: 'Cost anomalies' });
    await within(table).findByText('Production AWS');
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('+$400.00');
    expect(row).toHaveTextContent('$500.00 vs $100.00 expected');
    expect(row).toHaveTextContent('Region us-west-2 (100%)');
    expect(row).toHaveTextContent('Resource i-2');
    const user = userEvent.setup();
    await user.click(within(row).getByRole('button', { name: 'Dismiss: Production AWS on 2026-12-02' }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss anomaly' });
    expect(within(dialog).getByRole('button', { name: 'Dismiss' })).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Reason'), 'load test');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(m.find('POST', '/costs/anomalies/anm_1/dismiss')[0]?.body).toEqual({ reason: 'load test' }));
  });

  it('shows dismissed ones on request; viewers get no dismiss button', async () => {
    signedIn();
    const m = mockApi({ 'GET /costs/anomalies': ok([]), 'GET /providers': ok([]) });
    renderRoute(<AnomaliesPanel canDismiss={false} />);
    expect(await screen.findByText('No open anomalies in the last 30 days.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('radio', { name: 'Dismissed' }));
    await waitFor(() => expect(m.find('GET', '/costs/anomalies').at(-1)?.query.get('status')).toBe('dismissed'));
  });
});
