import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InfrastructurePage } from './InfrastructurePage';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok, type MockCall } from '@/test/mockApi';
import type { Resource } from '@/lib/api/types';
import { PROVIDER as BASE_PROVIDER, resource as baseResource } from '../test/fixtures';

// The shared builders, in regions of their own: the create dialog must offer the account's first.
const PROVIDER = { ...BASE_PROVIDER, regions: ['sim-east-1', 'sim-west-1'] };
const resource = (i: number, extra: Partial<Resource> = {}): Resource => baseResource(i, { region: 'sim-east-1', ...extra });

function setup({ role = 'owner', demo = true, items = [resource(1), resource(2, { status: 'stopped' })] } = {}) {
  signedIn();
  let list = [...items];
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, role, demoMode: demo }),
    'GET /demo': ok({ isDemo: demo, scenario: 'startup', loadedAt: null }),
    'GET /providers': ok([PROVIDER]),
    'GET /resources': (c: MockCall) => {
      const q = c.query.get('q');
      const rows = q ? list.filter((r) => r.name.includes(q)) : list;
      return ok(rows, { limit: Number(c.query.get('limit')), nextCursor: null, total: rows.length });
    },
    'POST /resources': (c) => {
      const body = c.body as Partial<Resource>;
      const created = resource(99, { ...body, status: 'provisioning', isDemo: demo });
      list = [created, ...list];
      return ok(created, undefined, 201);
    },
    'POST /resources/:id/actions/:action': (c) => ok({ ...list[0], id: c.path.split('/')[2], status: 'stopped' }),
  });
  const r = renderRoute(<InfrastructurePage />, { path: '/infrastructure' });
  return { ...r, m };
}

describe('InfrastructurePage', () => {
  it('lists resources from the server with default sort and page size', async () => {
    const { m } = setup();
    expect(screen.getByRole('heading', { name: 'Infrastructure Management' })).toBeInTheDocument();
    const list = await screen.findByTestId('demo-infrastructure-list');
    expect(await within(list).findByText('demo-web-server-1')).toBeInTheDocument();
    const call = m.find('GET', '/resources')[0];
    expect(call.query.get('sort')).toBe('-createdAt');
    expect(call.query.get('limit')).toBe('50');
  });

  it('sends search, filters and sort to the server', async () => {
    const { m } = setup();
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.type(screen.getByLabelText('Search'), 'server-2');
    await waitFor(() => expect(m.find('GET', '/resources').some((c) => c.query.get('q') === 'server-2')).toBe(true));
    await waitFor(() => expect(screen.queryByText('demo-web-server-1')).not.toBeInTheDocument());
    await user.selectOptions(screen.getByTestId('filter-status'), 'stopped');
    await waitFor(() => expect(m.find('GET', '/resources').some((c) => c.query.get('status') === 'stopped')).toBe(true));
    await user.click(screen.getByRole('button', { name: /monthly cost/i }));
    await waitFor(() => expect(m.find('GET', '/resources').at(-1)?.query.get('sort')).toBe('monthlyCost'));
  });

  it('creates a resource through the labelled dialog and says it is a demo resource', async () => {
    const { m } = setup();
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(await screen.findByRole('button', { name: /create resource/i }));
    const dialog = await screen.findByRole('dialog', { name: /create resource/i });
    await user.type(within(dialog).getByLabelText('Resource name'), 'test-demo-server');
    await user.selectOptions(within(dialog).getByLabelText('Resource type'), 'server');
    expect(within(dialog).getByLabelText('Provider')).toHaveValue('prv_demo');
    expect(within(dialog).getByLabelText('Region')).toHaveValue('sim-east-1');
    // Accounts, identities and keys are read from the cloud, never created here.
    const offered = within(within(dialog).getByLabelText('Resource type')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(offered).toContain('dns');
    expect(offered).not.toContain('account');
    expect(offered).not.toContain('key');
    await user.click(within(dialog).getByRole('button', { name: /^create$/i }));
    expect(await screen.findByText('Demo resource created')).toBeInTheDocument();
    expect(m.find('POST', '/resources')[0].body).toMatchObject({ name: 'test-demo-server', type: 'server', providerId: 'prv_demo', region: 'sim-east-1' });
    expect(await screen.findByText('test-demo-server')).toBeInTheDocument();
  });

  it('says "Resource created successfully" outside demo mode and validates the name', async () => {
    setup({ demo: false });
    const user = userEvent.setup();
    await screen.findByTestId('infrastructure-list');
    await user.click(await screen.findByTestId('create-resource-button'));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByTestId('create-button'));
    expect(await within(dialog).findByText(/enter a resource name/i)).toBeInTheDocument();
    await user.type(within(dialog).getByTestId('resource-name'), 'api-1');
    await user.click(within(dialog).getByTestId('create-button'));
    expect(await screen.findByText('Resource created successfully')).toBeInTheDocument();
  });

  it('asks for confirmation before stopping a resource', async () => {
    const { m } = setup();
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByRole('button', { name: 'Stop demo-web-server-1' }));
    const confirm = await screen.findByRole('alertdialog', { name: /stop resource/i });
    expect(m.calls.filter((c) => c.path.includes('/actions/'))).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(m.find('POST', '/resources/res_1/actions/stop')).toHaveLength(1));
  });

  it('shows viewers no mutating controls', async () => {
    setup({ role: 'viewer' });
    await screen.findByText('demo-web-server-1');
    expect(screen.queryByTestId('create-resource-button')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^(stop|start|reboot|delete) /i })).not.toBeInTheDocument();
  });

  it('shows an empty state with no resources', async () => {
    setup({ items: [], demo: false });
    expect(await screen.findByText('No resources yet')).toBeInTheDocument();
  });
});
