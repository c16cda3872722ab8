import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { CostSources } from './CostSources';

const ACCOUNTS = [
  { id: 'prv_aws', provider: 'aws', name: 'Production AWS', status: 'connected', isDemo: false, regions: ['us-east-1'] },
  { id: 'prv_gcp', provider: 'gcp', name: 'Analytics GCP', status: 'connected', isDemo: false, regions: [] },
  { id: 'prv_new', provider: 'azure', name: 'New Azure', status: 'pending', isDemo: false, regions: [] },
];
const collected = {
  providerId: 'prv_aws',
  state: 'succeeded',
  error: null,
  rows: 12345,
  collectedFrom: '2025-12-01',
  lastRunAt: '2026-12-05T00:00:00.000Z',
  nextRunAt: '2026-12-05T06:00:00.000Z',
};
const unsupported = { ...collected, providerId: 'prv_gcp', state: 'unsupported', error: 'gcp accounts have no cost data. Import a FOCUS file instead.', rows: 0, collectedFrom: null };

describe('CostSources', () => {
  it("shows each account's collection, why one is unavailable, and one that waits for its first sync", async () => {
    signedIn();
    mockApi({ 'GET /providers': ok(ACCOUNTS), 'GET /costs/collections': ok([collected, unsupported]) });
    renderRoute(<CostSources canCollect={false} />);
    const table = await screen.findByRole('table', { name: 'Cost data sources' });
    await within(table).findByText('12,345');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/Production AWS.*Collected.*2025-12-01.*12,345/);
    expect(rows[2]).toHaveTextContent(/Not available.*Import a FOCUS file instead/);
    expect(rows[3]).toHaveTextContent('After the first sync');
    expect(within(table).queryByRole('button', { name: /Collect now/ })).not.toBeInTheDocument();
  });

  it('lets an admin collect now, then follows the collection until it ends', async () => {
    signedIn();
    let state = 'succeeded';
    const m = mockApi({
      'GET /providers': ok(ACCOUNTS.slice(0, 1)),
      'GET /costs/collections': () => ok([{ ...collected, state }]),
      'POST /costs/collections': () => {
        state = 'queued';
        return ok({ jobId: 'job_1', providerId: 'prv_aws' }, undefined, 202);
      },
    });
    renderRoute(<CostSources canCollect />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Collect now: Production AWS' }));
    expect(m.find('POST', '/costs/collections')[0].query.get('providerId')).toBe('prv_aws');
    expect(await screen.findByText('Collecting')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Collect now: Production AWS' })).toBeDisabled();
    state = 'succeeded';
    await waitFor(() => expect(screen.getByText('Collected')).toBeInTheDocument(), { timeout: 5000 });
  });
});
