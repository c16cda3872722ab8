import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { RuleEditor } from './RuleEditor';

const NOW = Math.floor(Date.now() / 1000);
const METRICS = {
  series: [{ labels: { resourceId: 'res_1', resourceName: 'web-1', type: 'server' }, points: [[NOW - 600, 55], [NOW - 300, 91], [NOW, null]] }],
  step: 300,
  resolution: '5m',
};
const PREVIEW = {
  wouldHaveFired: 3,
  windows: [{ from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T10:30:00.000Z', resourceId: 'res_1', resourceName: 'web-1' }],
  evaluatedSeries: 4,
};

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  signedIn();
  const m = mockApi({
    'GET /providers': ok([]),
    'GET /metrics/query': ok(METRICS),
    'POST /alert-rules/preview': ok(PREVIEW),
    ...routes,
  });
  const onClose = vi.fn();
  const onSaved = vi.fn();
  renderRoute(<RuleEditor open rule={null} onClose={onClose} onSaved={onSaved} />, { path: '/monitoring' });
  return { m, onClose, onSaved, user: userEvent.setup(), dialog: screen.getByRole('dialog', { name: 'New alert rule' }) };
}

describe('RuleEditor', () => {
  it('says what is wrong before asking the server, and previews nothing while the rule is incomplete', async () => {
    const { m, user, dialog } = setup();
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    expect(await within(dialog).findByText('Name the rule')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Name'), 'High CPU');
    await user.clear(within(dialog).getByLabelText('Window'));
    await user.type(within(dialog).getByLabelText('Window'), '5 minutes');
    await user.clear(within(dialog).getByLabelText('Threshold'));
    await user.type(within(dialog).getByLabelText('Threshold'), 'lots');
    expect(within(dialog).getByText('A duration like 30s, 5m, 1h or 2d')).toBeInTheDocument();
    expect(within(dialog).getByText('A number')).toBeInTheDocument();
    expect(within(dialog).queryByText('Name the rule')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    expect(within(dialog).getByText('Complete the rule to see how often it would have fired.')).toBeInTheDocument();
    expect(m.find('POST', '/alert-rules')).toHaveLength(0);
    expect(m.find('POST', '/alert-rules/preview')).toHaveLength(0);
  });

  it('previews the rule as it changes (debounced), charts its scope with the threshold, and saves it', async () => {
    const { m, user, dialog, onClose, onSaved } = setup({
      'POST /alert-rules': (call) => ok({ id: 'alr_1', ...(call.body as object), active: { pending: 0, firing: 0 } }, undefined, 201),
    });
    await user.type(within(dialog).getByLabelText('Name'), 'High CPU');
    await waitFor(() => expect(m.find('POST', '/alert-rules/preview').length).toBeGreaterThan(0));
    // One preview for the whole name, not one per keystroke.
    expect(m.find('POST', '/alert-rules/preview')).toHaveLength(1);
    expect(m.find('POST', '/alert-rules/preview')[0].body).toMatchObject({
      name: 'High CPU',
      kind: 'metric',
      metric: 'cpu_utilization',
      aggregation: 'avg',
      window: '5m',
      operator: 'gt',
      threshold: 80,
      for: '5m',
      scope: { type: 'server' },
    });
    expect(await within(dialog).findByTestId('rule-preview-count')).toHaveTextContent('Would have fired 3 times in the last 7 days');
    expect(within(dialog).getByText('avg(cpu_utilization) > 80 over 5m for 5m')).toBeInTheDocument();
    const chart = await within(dialog).findByTestId('rule-live-chart');
    expect(chart).toHaveAccessibleName(/over the last 7 days/);
    const q = m.find('GET', '/metrics/query')[0].query;
    expect(q.get('metric')).toBe('cpu_utilization');
    expect(q.get('type')).toBe('server');
    expect(q.get('groupBy')).toBe('resource');

    await user.clear(within(dialog).getByLabelText('Threshold'));
    await user.type(within(dialog).getByLabelText('Threshold'), '95');
    await waitFor(() => expect(m.find('POST', '/alert-rules/preview').at(-1)?.body).toMatchObject({ threshold: 95 }));

    await user.selectOptions(within(dialog).getByLabelText('Severity'), 'critical');
    await user.selectOptions(within(dialog).getByLabelText('When there is no data'), 'keep');
    await user.selectOptions(within(dialog).getByLabelText('Notifications'), 'region');
    await user.type(within(dialog).getByLabelText('Tag'), 'env=prod');
    await user.click(within(dialog).getByRole('button', { name: 'Add label' }));
    await user.type(within(dialog).getByLabelText('Label 1 name'), 'team');
    await user.type(within(dialog).getByLabelText('Label 1 value'), 'payments');
    await user.type(within(dialog).getByLabelText('Summary'), 'CPU high');
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(m.find('POST', '/alert-rules')[0].body).toEqual({
      name: 'High CPU',
      kind: 'metric',
      metric: 'cpu_utilization',
      aggregation: 'avg',
      window: '5m',
      operator: 'gt',
      threshold: 95,
      for: '5m',
      keepFiringFor: '0s',
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '4h',
      groupBy: ['region'],
      scope: { type: 'server', tag: 'env=prod' },
      severity: 'critical',
      noData: 'keep',
      onError: 'keep',
      labels: { team: 'payments' },
      annotations: { summary: 'CPU high' },
      enabled: true,
    });
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'alr_1' }));
  });

  it('shows the server’s field errors on the fields', async () => {
    const { user, dialog, onClose } = setup({
      'POST /alert-rules': fail(400, 'VALIDATION_ERROR', 'invalid fields: scope.tag', { fields: { 'scope.tag': 'must be key=value' } }),
    });
    await user.type(within(dialog).getByLabelText('Name'), 'Tagged');
    await user.type(within(dialog).getByLabelText('Tag'), 'env=');
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    expect(await within(dialog).findByText('must be key=value')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('a server-state rule asks for states and sends no metric fields', async () => {
    const { m, user, dialog } = setup({
      'POST /alert-rules': (call) => ok({ id: 'alr_2', ...(call.body as object) }, undefined, 201),
    });
    await user.type(within(dialog).getByLabelText('Name'), 'Server stopped');
    await user.selectOptions(within(dialog).getByLabelText('Kind'), 'resource_state');
    expect(within(dialog).queryByLabelText('Threshold')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(m.find('POST', '/alert-rules')).toHaveLength(1));
    const body = m.find('POST', '/alert-rules')[0].body as Record<string, unknown>;
    expect(body.kind).toBe('resource_state');
    expect(body.states).toEqual(['stopped', 'terminated']);
    expect(body).not.toHaveProperty('threshold');
    // Only metric rules have a preview.
    expect(m.find('POST', '/alert-rules/preview')).toHaveLength(0);
  });
});
