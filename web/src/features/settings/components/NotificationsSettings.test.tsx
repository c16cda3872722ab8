import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NotificationChannel, NotificationChannelInput, NotificationChannelPatch, Role } from '@/lib/api/types';
import { fail, mockApi, ok, type MockCall } from '@/test/mockApi';
import { channel, delivery } from '@/test/notifications';
import { ME, renderRoute, signedIn } from '@/test/render';
import { NotificationsSettings } from './NotificationsSettings';

/** A small stand-in for the server's channels, enough for the page's round trips. */
function setup({ channels = [] as NotificationChannel[], role = 'owner' as Role, routes = {} as Parameters<typeof mockApi>[0] } = {}) {
  signedIn();
  const db = { channels: [...channels] };
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, role }),
    'GET /notification-channels': () => ok(db.channels),
    'POST /notification-channels': (c: MockCall) => {
      const input = c.body as NotificationChannelInput;
      const secrets = (['password', 'url', 'secret'] as const).filter((k) => input.config[k] !== undefined);
      const config = Object.fromEntries(Object.entries(input.config).filter(([k]) => !(secrets as readonly string[]).includes(k)));
      const created = channel({ ...input, config, secretsSet: secrets, events: input.events ?? [], target: input.type === 'webhook' ? 'http://127.0.0.1' : 'in-app' });
      db.channels.push(created);
      return ok(created, undefined, 201);
    },
    'PATCH /notification-channels/:id': (c: MockCall) => {
      const id = c.path.split('/')[2];
      const patch = c.body as NotificationChannelPatch;
      db.channels = db.channels.map((x) => (x.id === id ? { ...x, ...patch, config: x.config } : x));
      return ok(db.channels.find((x) => x.id === id));
    },
    'DELETE /notification-channels/:id': (c: MockCall) => {
      db.channels = db.channels.filter((x) => x.id !== c.path.split('/')[2]);
      return { status: 204 };
    },
    'GET /notification-deliveries': ok([], { limit: 25, nextCursor: null, total: 0 }),
    ...routes,
  });
  renderRoute(<NotificationsSettings />, { path: '/settings/notifications' });
  return { m, db, user: userEvent.setup() };
}

/** The channels table's row of `name` (plain queries: role queries over the whole page are slow in jsdom). */
const rowOf = (name: string) => within(screen.getByTestId('channels-table')).getByText(name).closest('tr') as HTMLElement;

/** Waits until the channels are listed with an admin's controls (the signed-in role has loaded). */
async function managedRows(count: number) {
  await waitFor(() => expect(screen.getAllByTestId('channel-test')).toHaveLength(count), { timeout: 4000 });
}

describe('Settings → Notifications: channels', () => {
  it('adds a webhook channel with its secrets and only the kinds chosen', async () => {
    const { m, user } = setup();
    expect(await screen.findByText('No notification channels')).toBeInTheDocument();
    await user.click(await screen.findByTestId('add-channel', undefined, { timeout: 4000 }));
    const dialog = screen.getByRole('dialog', { name: 'Add a notification channel' });
    await user.click(within(dialog).getByRole('radio', { name: 'Webhook' }));
    await user.type(within(dialog).getByLabelText('Name'), 'Incident bot');
    // Nothing is sent while a required field is missing.
    await user.click(within(dialog).getByRole('button', { name: 'Add channel' }));
    expect(within(dialog).getByText('Enter the URL to call')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('URL'), 'http://127.0.0.1:9/hook');
    await user.type(within(dialog).getByLabelText('Signing secret'), 's3cret');
    await user.click(within(dialog).getByRole('checkbox', { name: /Vault/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add channel' }));
    await waitFor(() => expect(m.find('POST', '/notification-channels')).toHaveLength(1));
    expect(m.find('POST', '/notification-channels')[0].body).toEqual({
      name: 'Incident bot',
      type: 'webhook',
      enabled: true,
      events: ['alerts', 'costAlerts', 'security', 'deployments', 'sync'],
      config: { url: 'http://127.0.0.1:9/hook', secret: 's3cret' },
    });
    expect(await screen.findByText('Channel added')).toBeInTheDocument();
    const row = await waitFor(() => rowOf('Incident bot'), { timeout: 4000 });
    expect(within(row).getByText('Webhook')).toBeInTheDocument();
    expect(within(row).getByText('http://127.0.0.1')).toBeInTheDocument();
    expect(within(row).queryByText('Vault')).not.toBeInTheDocument();
  });

  it('shows the server’s field errors in the form', async () => {
    const { user } = setup({
      routes: {
        'POST /notification-channels': fail(400, 'VALIDATION_ERROR', 'invalid', { fields: { 'config.host': 'does not resolve' } }),
      },
    });
    await user.click(await screen.findByTestId('add-channel', undefined, { timeout: 4000 }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: 'Email' }));
    await user.type(within(dialog).getByLabelText('Name'), 'Mail');
    await user.type(within(dialog).getByLabelText('SMTP server'), 'smtp.invalid');
    await user.type(within(dialog).getByLabelText('From'), 'cw@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add channel' }));
    expect(await within(dialog).findByText('does not resolve')).toBeInTheDocument();
  });

  it('shows a stored secret as stored, never prefilled, and keeps it unless replaced', async () => {
    const hook = channel({ name: 'Ops hook', type: 'webhook', secretsSet: ['url', 'secret'], target: 'https://hooks.example.com' });
    const { m, user } = setup({ channels: [hook] });
    await managedRows(1);
    await user.click(within(rowOf('Ops hook')).getByRole('button', { name: 'Edit Ops hook' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Ops hook' });
    expect(within(dialog).getByTestId('secret-url-stored')).toHaveTextContent('Stored');
    expect(within(dialog).queryByLabelText('URL')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Replace signing secret' }));
    expect(within(dialog).getByLabelText('Signing secret')).toHaveValue('');
    await user.type(within(dialog).getByLabelText('Signing secret'), 'rotated');
    await user.click(within(dialog).getByRole('button', { name: 'Save channel' }));
    await waitFor(() => expect(m.find('PATCH', `/notification-channels/${hook.id}`)).toHaveLength(1));
    expect(m.find('PATCH', `/notification-channels/${hook.id}`)[0].body).toEqual({
      name: 'Ops hook',
      enabled: true,
      events: hook.events,
      config: { secret: 'rotated' },
    });
  });

  it('sends a test and shows the outcome: delivered, or the exact error', async () => {
    const app = channel({ name: 'In the bell', type: 'in_app' });
    const hook = channel({ name: 'Broken hook', type: 'webhook', secretsSet: ['url'] });
    const { m, user } = setup({
      channels: [app, hook],
      routes: {
        'POST /notification-channels/:id/test': (c: MockCall) =>
          c.path.includes(app.id) ? ok({ delivered: true }) : ok({ delivered: false, error: 'webhook answered HTTP 500 Internal Server Error' }),
      },
    });
    await managedRows(2);
    expect(within(rowOf('In the bell')).getByTestId('channel-test')).toHaveAccessibleName('Send test to In the bell');
    await user.click(within(rowOf('In the bell')).getByTestId('channel-test'));
    expect(await within(rowOf('In the bell')).findByTestId('channel-test-result')).toHaveTextContent(/Test delivered.*notification center/);
    await user.click(within(rowOf('Broken hook')).getByTestId('channel-test'));
    const outcome = await within(rowOf('Broken hook')).findByTestId('channel-test-result');
    expect(outcome).toHaveTextContent('Test not delivered');
    expect(within(outcome).getByTestId('channel-test-error')).toHaveTextContent('webhook answered HTTP 500 Internal Server Error');
    expect(m.find('POST', `/notification-channels/${hook.id}/test`)).toHaveLength(1);
  });

  it('turns a channel off with its switch and deletes one after confirmation', async () => {
    const a = channel({ name: 'Alpha' });
    const b = channel({ name: 'Beta' });
    const { m, user } = setup({ channels: [a, b] });
    await managedRows(2);
    const toggle = within(rowOf('Alpha')).getByRole('switch', { name: 'Alpha enabled' });
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    await user.click(toggle);
    await waitFor(() => expect(m.find('PATCH', `/notification-channels/${a.id}`)[0]?.body).toEqual({ enabled: false }));
    await waitFor(() => expect(within(rowOf('Alpha')).getByRole('switch', { name: 'Alpha enabled' })).toHaveAttribute('aria-checked', 'false'));

    await user.click(within(rowOf('Beta')).getByRole('button', { name: 'Delete Beta' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete channel' }));
    await waitFor(() => expect(m.find('DELETE', `/notification-channels/${b.id}`)).toHaveLength(1));
    await waitFor(() => expect(within(screen.getByTestId('channels-table')).queryByText('Beta')).not.toBeInTheDocument());
  });

  it('is read-only below admin: no add, test, edit, switch or delivery log', async () => {
    const { m } = setup({ role: 'operator', channels: [channel({ name: 'Everyone' })] });
    await waitFor(() => expect(m.find('GET', '/auth/me')).toHaveLength(1));
    const row = await waitFor(() => rowOf('Everyone'), { timeout: 4000 });
    expect(within(row).getByText('Enabled')).toBeInTheDocument();
    expect(screen.queryByTestId('add-channel')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Send test/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.getAllByText(/Only admins and owners can change/)).toHaveLength(2);
    expect(within(screen.getByTestId('rules-matrix')).getAllByRole('checkbox').every((c) => (c as HTMLInputElement).disabled)).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save rules' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Delivery log' })).not.toBeInTheDocument();
    expect(m.find('GET', '/notification-deliveries')).toHaveLength(0);
  });

  it('shows an error state with retry when channels cannot be loaded', async () => {
    let failing = true;
    const { user } = setup({
      routes: { 'GET /notification-channels': () => (failing ? fail(503, 'SERVICE_UNAVAILABLE', 'Database unavailable') : ok([])) },
    });
    expect((await screen.findAllByText('Database unavailable')).length).toBeGreaterThan(0);
    failing = false;
    await user.click(screen.getAllByRole('button', { name: 'Try again' })[0]);
    expect(await screen.findByText('No notification channels')).toBeInTheDocument();
  });
});

describe('Settings → Notifications: rules', () => {
  it('saves the events of the channels changed, one PATCH each', async () => {
    const app = channel({ name: 'Bell' });
    const mail = channel({ name: 'Mail', type: 'email', events: ['alerts'] });
    const { m, user } = setup({ channels: [app, mail] });
    const matrix = await screen.findByTestId('rules-matrix');
    const save = screen.getByRole('button', { name: 'Save rules' });
    expect(save).toBeDisabled();
    await user.click(within(matrix).getByRole('checkbox', { name: 'Security to Mail' }));
    await user.click(within(matrix).getByRole('checkbox', { name: 'Alerts to Mail' }));
    await user.click(within(matrix).getByRole('checkbox', { name: 'Sync to Mail' }));
    // Changing a box and back again is no change.
    await user.click(within(matrix).getByRole('checkbox', { name: 'Vault to Bell' }));
    await user.click(within(matrix).getByRole('checkbox', { name: 'Vault to Bell' }));
    expect(screen.getByTestId('rules-unsaved')).toHaveTextContent('1 channel changed');
    await user.click(save);
    await waitFor(() => expect(m.find('PATCH', `/notification-channels/${mail.id}`)).toHaveLength(1));
    expect(m.find('PATCH', `/notification-channels/${mail.id}`)[0].body).toEqual({ events: ['security', 'sync'] });
    expect(m.find('PATCH', `/notification-channels/${app.id}`)).toHaveLength(0);
    expect(await screen.findByText('Rules saved')).toBeInTheDocument();
    expect(screen.queryByTestId('rules-unsaved')).not.toBeInTheDocument();
    expect(within(matrix).getByRole('checkbox', { name: 'Security to Mail' })).toBeChecked();
    expect(within(matrix).getByRole('checkbox', { name: 'Alerts to Mail' })).not.toBeChecked();
  });

  it('keeps unsaved changes and says so when a PATCH fails', async () => {
    const mail = channel({ name: 'Mail', type: 'email', events: ['alerts'] });
    const { user } = setup({
      channels: [mail],
      routes: { 'PATCH /notification-channels/:id': fail(403, 'AUTHORIZATION_ERROR', 'Your role may not change channels') },
    });
    const matrix = await screen.findByTestId('rules-matrix');
    await user.click(within(matrix).getByRole('checkbox', { name: 'Vault to Mail' }));
    await user.click(screen.getByRole('button', { name: 'Save rules' }));
    expect(await screen.findByText('Could not save the rules')).toBeInTheDocument();
    expect(screen.getByText(/Mail: Your role may not change channels/)).toBeInTheDocument();
    expect(within(matrix).getByRole('checkbox', { name: 'Vault to Mail' })).toBeChecked();
  });
});

describe('Settings → Notifications: delivery log', () => {
  it('filters by channel and status and pages with the cursor', async () => {
    const hook = channel({ name: 'Ops webhook', type: 'webhook', secretsSet: ['url'] });
    const app = channel({ name: 'Bell' });
    const { m, user } = setup({
      channels: [hook, app],
      routes: {
        'GET /notification-deliveries': (c: MockCall) => {
          if (c.query.get('cursor') === 'next-1') {
            return ok([delivery({ title: 'Second page', channelId: hook.id })], { limit: 25, nextCursor: null, total: 26 });
          }
          if (c.query.get('status') === 'dead') {
            return ok([delivery({ title: 'Gave up', status: 'dead', attempts: 5, lastError: 'dial tcp: lookup hooks.invalid: no such host', channelId: hook.id })], {
              limit: 25,
              nextCursor: null,
              total: 1,
            });
          }
          return ok([delivery({ title: 'First page', channelId: hook.id })], { limit: 25, nextCursor: 'next-1', total: 26 });
        },
      },
    });
    const table = await screen.findByTestId('deliveries-table');
    expect(await within(table).findByText('First page')).toBeInTheDocument();
    // In-app channels have no deliveries to filter on.
    const channelFilter = screen.getByRole('combobox', { name: 'Channel' });
    expect(within(channelFilter).getAllByRole('option').map((o) => o.textContent)).toEqual(['All channels', 'Ops webhook']);

    await user.click(screen.getByRole('button', { name: /Next/ }));
    expect(await within(screen.getByTestId('deliveries-table')).findByText('Second page')).toBeInTheDocument();
    expect(m.find('GET', '/notification-deliveries').at(-1)?.query.get('cursor')).toBe('next-1');

    await user.selectOptions(channelFilter, hook.id);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'dead');
    const row = await screen.findByRole('row', { name: /Gave up/ });
    expect(within(row).getByText('Dead')).toBeInTheDocument();
    expect(within(row).getByText('5')).toBeInTheDocument();
    expect(within(row).getByTestId('delivery-error')).toHaveTextContent('no such host');
    const last = m.find('GET', '/notification-deliveries').at(-1)!;
    expect(last.query.get('channelId')).toBe(hook.id);
    expect(last.query.get('status')).toBe('dead');
    expect(last.query.get('cursor')).toBeNull(); // a new filter starts at the first page
  });

  it('says when nothing matches', async () => {
    const { user } = setup({ channels: [channel({ name: 'Ops webhook', type: 'webhook' })] });
    expect(await screen.findByText('No deliveries yet')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'failed');
    expect(await screen.findByText('No matching deliveries')).toBeInTheDocument();
  });
});
