import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok, type MockCall } from '@/test/mockApi';
import { AlertsPanel } from './AlertsPanel';

const FIRING = {
  id: 'alt_1',
  ruleId: 'alr_1',
  ruleName: 'High CPU',
  resourceId: 'res_1',
  resourceName: 'web-1',
  providerId: 'acct_1',
  state: 'firing',
  severity: 'critical',
  labels: { alertname: 'High CPU', team: 'payments' },
  annotations: { summary: 'web-1 CPU at 92.5' },
  summary: 'web-1 CPU at 92.5',
  description: '',
  value: 92.5,
  activeAt: '2026-12-05T10:00:00.000Z',
  startsAt: '2026-12-05T10:05:00.000Z',
  endsAt: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  ackComment: null,
  silenced: false,
  silencedBy: [],
  inhibited: false,
  notification: { status: 'sent', error: null },
  fingerprint: 'f1',
};
const PENDING = { ...FIRING, id: 'alt_2', resourceId: 'res_2', resourceName: 'db-1', state: 'pending', severity: 'warning', startsAt: null, value: 81, fingerprint: 'f2' };
const RULE = {
  id: 'alr_1', name: 'High CPU', kind: 'metric', metric: 'cpu_utilization', aggregation: 'avg', window: '5m', operator: 'gt', threshold: 80, states: [],
  for: '5m', keepFiringFor: '0s', groupWait: '30s', groupInterval: '5m', repeatInterval: '4h', condition: 'avg(cpu_utilization) > 80 over 5m', scope: { type: 'server' }, severity: 'critical', noData: 'ok', labels: {}, annotations: {}, enabled: true,
  createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z', active: { pending: 1, firing: 1 },
};
const meta = (n: number) => ({ limit: 200, nextCursor: null, total: n });

function api(acked: { comment: string } | null = null) {
  let ack = acked;
  const m = mockApi({
    'GET /alerts': (call: MockCall) => {
      const firing = ack ? { ...FIRING, acknowledgedBy: { id: 'usr_1', name: 'Ada Lovelace' }, acknowledgedAt: '2026-12-05T10:10:00.000Z', ackComment: ack.comment } : FIRING;
      const state = call.query.get('state');
      const items = state === 'firing' ? [firing] : state === 'pending' ? [PENDING] : [];
      return ok(items, meta(items.length));
    },
    'GET /alert-rules': ok([RULE], { total: 1 }),
    'POST /alerts/:id/ack': (call: MockCall) => {
      ack = call.body as { comment: string };
      return ok({ ...FIRING, acknowledgedBy: { id: 'usr_1', name: 'Ada Lovelace' }, ackComment: ack.comment });
    },
    'GET /alerts/:id/history': ok([
      { at: '2026-12-05T10:00:00.000Z', from: 'inactive', to: 'pending', value: 85, note: null },
      { at: '2026-12-05T10:05:00.000Z', from: 'pending', to: 'firing', value: 92.5, note: null },
    ]),
  });
  return m;
}

describe('AlertsPanel', () => {
  it('lists the firing and the pending alerts together, firing first, with severity, value and ack state', async () => {
    signedIn();
    const m = api();
    renderRoute(<AlertsPanel canOperate={false} />, { path: '/monitoring?tab=alerts', route: '/monitoring' });
    const table = await screen.findByRole('table');
    await within(table).findByText('db-1');
    const rows = within(table).getAllByRole('row');
    // header + two alerts
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('High CPU');
    expect(rows[1]).toHaveTextContent('web-1');
    expect(rows[1]).toHaveTextContent('Critical');
    expect(rows[1]).toHaveTextContent('Firing');
    expect(rows[1]).toHaveTextContent('92.5 %');
    expect(rows[2]).toHaveTextContent('db-1');
    expect(rows[2]).toHaveTextContent('Pending');
    expect(m.find('GET', '/alerts').map((c) => c.query.get('state')).sort()).toEqual(['firing', 'pending']);
    // Viewers get no write buttons.
    expect(within(table).queryByRole('button', { name: /Acknowledge|Silence/ })).toBeNull();
  });

  it('acknowledges an alert with a comment; the row then says who', async () => {
    signedIn();
    const m = api();
    renderRoute(<AlertsPanel canOperate />, { path: '/monitoring?tab=alerts', route: '/monitoring' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Acknowledge High CPU on web-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Acknowledge High CPU' });
    const submit = within(dialog).getByRole('button', { name: 'Acknowledge' });
    expect(submit).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Comment'), 'on it, batch job');
    await user.click(submit);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(m.find('POST', '/alerts/alt_1/ack')[0].body).toEqual({ comment: 'on it, batch job' });
    const table = screen.getByRole('table');
    expect(await within(table).findByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(table).getByText('on it, batch job')).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: 'Acknowledge High CPU on web-1' })).toBeNull();
  });

  it('"Silence…" opens the silence dialog with alertname and resourceId filled in', async () => {
    signedIn();
    api();
    renderRoute(<AlertsPanel canOperate />, { path: '/monitoring?tab=alerts', route: '/monitoring' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Silence High CPU on web-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Silence alerts' });
    expect(within(dialog).getByLabelText('Label 1')).toHaveValue('alertname');
    expect(within(dialog).getByLabelText('Value 1')).toHaveValue('High CPU');
    expect(within(dialog).getByLabelText('Label 2')).toHaveValue('resourceId');
    expect(within(dialog).getByLabelText('Value 2')).toHaveValue('res_1');
  });

  it('opens an alert in a drawer with its history', async () => {
    signedIn();
    api();
    renderRoute(<AlertsPanel canOperate={false} />, { path: '/monitoring?tab=alerts', route: '/monitoring' });
    const user = userEvent.setup();
    await user.click((await screen.findAllByRole('button', { name: 'High CPU' }))[0]);
    const drawer = await screen.findByRole('dialog', { name: 'High CPU' });
    const history = await within(drawer).findByTestId('alert-history');
    expect(within(history).getAllByRole('listitem')).toHaveLength(2);
    expect(history).toHaveTextContent('Pending → Firing');
    expect(history).toHaveTextContent('92.5 %');
    expect(within(drawer).getByTestId('alert-ack')).toHaveTextContent('Not acknowledged.');
  });
});
