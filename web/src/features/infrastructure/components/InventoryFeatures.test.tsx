import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRealtimeBridge } from '@/lib/realtime/realtimeBridge';
import type { Resource } from '@/lib/api/types';
import { fail, mockApi, ok, type MockCall } from '@/test/mockApi';
import { ME, renderRoute, signedIn } from '@/test/render';
import { bucket, cursorFor, listHandler, PROVIDER, resource } from '../test/fixtures';
import { InfrastructurePage } from './InfrastructurePage';

type Routes = Parameters<typeof mockApi>[0];

function setup({ rows, path = '/infrastructure', routes = {}, role = 'owner' }: { rows: Resource[]; path?: string; routes?: Routes; role?: string }) {
  signedIn();
  const db = { rows };
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, role, demoMode: true }),
    'GET /demo': ok({ isDemo: true, scenario: 'startup', loadedAt: null }),
    'GET /providers': ok([PROVIDER]),
    'GET /resources': listHandler(() => db.rows),
    'GET /resources/:id': (c: MockCall) => {
      const r = db.rows.find((x) => x.id === c.path.split('/')[2]);
      return r ? ok(r) : fail(404, 'NOT_FOUND', 'no such resource');
    },
    ...routes,
  });
  const r = renderRoute(<InfrastructurePage />, { path, route: '/infrastructure' });
  const url = () => new URLSearchParams(r.router.state.location.search);
  return { ...r, m, db, url };
}

const rowOf = (name: string) => screen.getAllByText(name).map((e) => e.closest('tr')).find(Boolean) as HTMLElement;

describe('type-aware actions', () => {
  it('offers only the actions the type supports and the status allows', async () => {
    setup({
      rows: [
        resource(1),
        resource(2, { status: 'stopped' }),
        bucket(3),
        resource(4, { type: 'cache', name: 'cache-4', actions: ['reboot'] }),
        // A server that predates `actions`: the status decides.
        resource(5, { name: 'legacy-5', actions: undefined as unknown as Resource['actions'] }),
      ],
    });
    await screen.findByText('demo-web-server-1');
    const names = (row: HTMLElement) => within(row).getAllByRole('button').map((b) => b.getAttribute('aria-label')).filter(Boolean);
    expect(names(rowOf('demo-web-server-1'))).toEqual(['Stop demo-web-server-1', 'Reboot demo-web-server-1', 'Delete demo-web-server-1']);
    expect(names(rowOf('demo-web-server-2'))).toEqual(['Start demo-web-server-2', 'Delete demo-web-server-2']);
    expect(names(rowOf('bucket-3'))).toEqual(['Delete bucket-3']);
    expect(names(rowOf('cache-4'))).toEqual(['Reboot cache-4', 'Delete cache-4']);
    expect(names(rowOf('legacy-5'))).toEqual(['Stop legacy-5', 'Reboot legacy-5', 'Delete legacy-5']);
  });

  it('offers no Stop in the drawer of a bucket, and shows spec keys in words with units', async () => {
    setup({ rows: [bucket(3, { spec: { sizeGb: 157.4, versioning: true, objectCount: 9782428 } })], path: '/infrastructure?resource=res_3' });
    const drawer = await screen.findByRole('dialog', { name: 'bucket-3' });
    expect(within(drawer).queryByRole('button', { name: /^(start|stop|reboot) /i })).not.toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: 'Delete bucket-3' })).toBeInTheDocument();
    const spec = await within(drawer).findByTestId('resource-spec');
    expect(within(spec).getByText('Size (GB)')).toBeInTheDocument();
    expect(within(spec).getByText('157.4')).toBeInTheDocument();
    expect(within(spec).getByText('Versioning')).toBeInTheDocument();
    expect(within(spec).getByText('Yes')).toBeInTheDocument();
    expect(within(spec).getByText('Objects')).toBeInTheDocument();
    expect(within(spec).getByText('9,782,428')).toBeInTheDocument();
  });

  it('names the failed action and shows the server message without an internal provider name', async () => {
    setup({
      rows: [resource(1)],
      routes: { 'POST /resources/:id/actions/:action': fail(502, 'EXTERNAL_SERVICE_ERROR', 'simulated: the cloud is throttling requests') },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByRole('button', { name: 'Reboot demo-web-server-1' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Reboot' }));
    expect(await screen.findByText('Could not reboot demo-web-server-1')).toBeInTheDocument();
    expect(screen.getByText('the cloud is throttling requests')).toBeInTheDocument();
    expect(screen.queryByText(/simulated/i)).not.toBeInTheDocument();
    // The row is back to its status and actions.
    expect(within(rowOf('demo-web-server-1')).queryByTestId('transition-badge')).not.toBeInTheDocument();
    expect(within(rowOf('demo-web-server-1')).getByRole('button', { name: 'Reboot demo-web-server-1' })).toBeInTheDocument();
  });

  it('shows a provider refusal on create above the form, without the internal provider name', async () => {
    setup({
      rows: [resource(1)],
      routes: {
        'POST /resources': fail(400, 'VALIDATION_ERROR', 'simulated: region not offered', {
          fields: { resource: 'simulated: region sim-9 is not offered' },
          provider: 'simulated',
          providerCode: 'InvalidParameterValue',
        }),
      },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByTestId('create-resource-button'));
    const dialog = await screen.findByRole('dialog', { name: /create resource/i });
    expect(within(dialog).getByLabelText('Provider')).toHaveDisplayValue('Demo cloud (demo)');
    await user.type(within(dialog).getByLabelText('Resource name'), 'api-9');
    await user.click(within(dialog).getByRole('button', { name: /^create$/i }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('region sim-9 is not offered');
    expect(within(dialog).queryByText(/simulated/i)).not.toBeInTheDocument();
  });

  it('does not offer Provider "Simulated" as a filter (the server refuses it)', async () => {
    setup({ rows: [resource(1)] });
    await screen.findByText('demo-web-server-1');
    const options = within(screen.getByLabelText('Provider')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['All providers', 'AWS', 'Azure', 'Google Cloud']);
  });
});

describe('transitional state', () => {
  it('shows "Stopping…" in the row and the drawer until a resource.updated event says stopped', async () => {
    const { db, store, m } = setup({
      rows: [resource(1), resource(2)],
      path: '/infrastructure?resource=res_1',
      // Like the server: a stop keeps `running` until the resource has stopped.
      routes: { 'POST /resources/:id/actions/:action': (c: MockCall) => ok(db.rows.find((r) => c.path.includes(r.id)), undefined, 202) },
    });
    const user = userEvent.setup();
    const drawer = await screen.findByRole('dialog', { name: 'demo-web-server-1' });
    await user.click(within(drawer).getByRole('button', { name: 'Stop demo-web-server-1' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(m.find('POST', '/resources/res_1/actions/stop')).toHaveLength(1));
    expect(await within(drawer).findAllByText('Stopping…')).not.toHaveLength(0);
    expect(within(rowOf('demo-web-server-1')).getByTestId('transition-badge')).toHaveTextContent('Stopping…');
    // No second action while the first is under way.
    expect(within(rowOf('demo-web-server-1')).queryByRole('button', { name: /^(start|stop|reboot) /i })).not.toBeInTheDocument();
    expect(within(drawer).queryByRole('button', { name: /^(start|stop|reboot) /i })).not.toBeInTheDocument();
    // A refetch that still says running keeps the transition.
    await waitFor(() => expect(m.find('GET', '/resources').length).toBeGreaterThan(1));
    expect(within(rowOf('demo-web-server-1')).getByTestId('transition-badge')).toBeInTheDocument();

    // The server's event.
    db.rows = db.rows.map((r) => (r.id === 'res_1' ? { ...r, status: 'stopped', updatedAt: '2026-01-01T00:00:05.000Z' } : r));
    const handle = createRealtimeBridge(store);
    act(() => handle({ type: 'resource.updated', data: db.rows[0], timestamp: new Date().toISOString() }));
    await waitFor(() => expect(within(rowOf('demo-web-server-1')).queryByTestId('transition-badge')).not.toBeInTheDocument());
    expect(within(rowOf('demo-web-server-1')).getByText('Stopped')).toBeInTheDocument();
    expect(within(rowOf('demo-web-server-1')).getByRole('button', { name: 'Start demo-web-server-1' })).toBeInTheDocument();
    await waitFor(() => expect(within(drawer).queryByText('Stopping…')).not.toBeInTheDocument());
  });

  it('shows "Starting…" through provisioning until running', async () => {
    const { db, store } = setup({
      rows: [resource(2, { status: 'stopped' })],
      routes: {
        'POST /resources/:id/actions/:action': () => {
          db.rows = [{ ...db.rows[0], status: 'provisioning', updatedAt: '2026-01-01T00:00:01.000Z' }];
          return ok(db.rows[0], undefined, 202);
        },
      },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-2');
    await user.click(screen.getByRole('button', { name: 'Start demo-web-server-2' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(within(rowOf('demo-web-server-2')).getByTestId('transition-badge')).toHaveTextContent('Starting…'));
    const handle = createRealtimeBridge(store);
    act(() => handle({ type: 'resource.updated', data: { ...db.rows[0], status: 'running' }, timestamp: '' }));
    await waitFor(() => expect(within(rowOf('demo-web-server-2')).getByText('Running')).toBeInTheDocument());
    expect(within(rowOf('demo-web-server-2')).queryByTestId('transition-badge')).not.toBeInTheDocument();
  });
});

describe('paging kept in the URL', () => {
  const many = () => Array.from({ length: 120 }, (_, i) => resource(i + 1));

  it('puts page and cursor in the URL, says "Page N of M", and Back returns to the page before', async () => {
    const { m, url, router } = setup({ rows: many() });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 1 of 3');
    expect(screen.getByTestId('pagination-range')).toHaveTextContent('1–50 of 120');
    await user.click(screen.getByRole('button', { name: /next/i }));
    await screen.findByText('demo-web-server-51');
    expect(url().get('page')).toBe('2');
    expect(url().get('cursor')).toBe(cursorFor(50));
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 2 of 3');
    expect(m.find('GET', '/resources').at(-1)?.query.get('cursor')).toBe(cursorFor(50));

    await act(() => router.navigate(-1));
    await screen.findByText('demo-web-server-1');
    expect(url().get('page')).toBeNull();
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 1 of 3');
  });

  it('opens the page of a reloaded URL with its cursor, and reaches First, Previous and Last', async () => {
    const { m, url } = setup({ rows: many(), path: `/infrastructure?page=2&cursor=${cursorFor(50)}` });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-51');
    expect(m.find('GET', '/resources')[0].query.get('cursor')).toBe(cursorFor(50));
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 2 of 3');

    // Last: the cursor of page 3 is known from page 2's nextCursor.
    await user.click(screen.getByRole('button', { name: 'Last page' }));
    await screen.findByText('demo-web-server-120');
    expect(url().get('page')).toBe('3');
    expect(screen.getByRole('button', { name: 'Last page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: /next/i })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: /previous/i }));
    await screen.findByText('demo-web-server-51');
    await user.click(screen.getByRole('button', { name: 'First page' }));
    await screen.findByText('demo-web-server-1');
    expect(url().get('page')).toBeNull();
    expect(url().get('cursor')).toBeNull();
  });

  it('seeks a page it has no cursor for with requests of up to 500 rows', async () => {
    const { m, url } = setup({ rows: Array.from({ length: 1300 }, (_, i) => resource(i + 1)) });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 1 of 26');
    await user.click(screen.getByRole('button', { name: 'Last page' }));
    await screen.findByText('demo-web-server-1300', undefined, { timeout: 5000 });
    expect(url().get('page')).toBe('26');
    expect(url().get('cursor')).toBe(cursorFor(1250));
    // From page 2 (known from page 1): 1,200 rows to walk.
    const limits = m.find('GET', '/resources').map((c) => c.query.get('limit'));
    expect(limits).toEqual(['50', '500', '500', '200', '50']);
  });

  it('finds the cursor of a URL with a page number only, and changes the page size from the footer', async () => {
    const { url } = setup({ rows: many(), path: '/infrastructure?page=3' });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-101');
    expect(url().get('cursor')).toBe(cursorFor(100));
    await user.selectOptions(screen.getByTestId('page-size'), '25');
    await screen.findByText('demo-web-server-1');
    expect(url().get('limit')).toBe('25');
    expect(url().get('page')).toBeNull();
    expect(screen.getByTestId('page-indicator')).toHaveTextContent('Page 1 of 5');
  });

  it('goes back to page 1 when the server refuses the cursor', async () => {
    const { url } = setup({ rows: many(), path: '/infrastructure?page=2&cursor=not-ours' });
    expect(await screen.findByText('That page is no longer available')).toBeInTheDocument();
    await screen.findByText('demo-web-server-1');
    expect(url().get('page')).toBeNull();
  });
});

describe('bulk actions', () => {
  it('selects the page, stops the resources that can stop, and says which were skipped', async () => {
    const { m } = setup({
      rows: [resource(1), resource(2), resource(3, { status: 'stopped' }), bucket(4)],
      routes: {
        'POST /resources/:id/actions/:action': (c: MockCall) =>
          c.path.includes('res_2') ? fail(409, 'CONFLICT', 'The resource is in the middle of another transition') : ok(resource(1), undefined, 202),
      },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('4 resources selected');
    await user.click(screen.getByTestId('bulk-stop'));
    const dialog = await screen.findByRole('dialog', { name: 'Stop 2 resources?' });
    expect(within(dialog).getByTestId('bulk-summary')).toHaveTextContent('2 of the 4 selected resources will be stopped.');
    expect(within(dialog).getByTestId('bulk-skipped')).toHaveTextContent('1 cannot be stopped: storage');
    expect(within(dialog).getByTestId('bulk-skipped')).toHaveTextContent('1 not running');
    await user.click(within(dialog).getByRole('button', { name: 'Stop 2 resources' }));
    const failures = await within(dialog).findByTestId('bulk-failures');
    expect(failures).toHaveTextContent('demo-web-server-2: The resource is in the middle of another transition');
    expect(within(dialog).getByTestId('bulk-progress')).toHaveTextContent('2 of 2 resources done · 1 failure');
    expect(m.calls.filter((c) => c.path.includes('/actions/')).map((c) => c.path).sort()).toEqual(['/resources/res_1/actions/stop', '/resources/res_2/actions/stop']);
    await user.click(within(dialog).getByTestId('bulk-close'));
    // The failed one stays selected; the stopped one shows its transition.
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('1 resource selected');
    expect(screen.getByRole('checkbox', { name: 'Select demo-web-server-2' })).toBeChecked();
    expect(within(rowOf('demo-web-server-1')).getByTestId('transition-badge')).toHaveTextContent('Stopping…');
  });

  it('deletes after a confirmation that names how many', async () => {
    const { m } = setup({ rows: [resource(1), bucket(2), resource(3)], routes: { 'DELETE /resources/:id': ok(resource(1, { status: 'terminated' }), undefined, 202) } });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByRole('checkbox', { name: 'Select demo-web-server-1' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select bucket-2' }));
    await user.click(screen.getByTestId('bulk-delete'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete 2 resources?' });
    expect(within(dialog).getByText(/permanently removes these 2 resources/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 resources' }));
    expect(await screen.findByText('Deleting 2 resources')).toBeInTheDocument();
    expect(m.find('DELETE', '/resources/res_1')).toHaveLength(1);
    expect(m.find('DELETE', '/resources/res_2')).toHaveLength(1);
    expect(m.find('DELETE', '/resources/res_3')).toHaveLength(0);
    expect(screen.queryByTestId('bulk-bar')).not.toBeInTheDocument();
  });

  it('adds a tag to every selected resource, keeping their other tags', async () => {
    const { m } = setup({
      rows: [resource(1, { tags: { env: 'prod' } }), bucket(2, { tags: { team: 'data' } })],
      routes: { 'PATCH /resources/:id': (c: MockCall) => ok({ ...resource(1), ...(c.body as object) }) },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    await user.click(screen.getByTestId('bulk-tag'));
    const dialog = await screen.findByRole('dialog', { name: 'Add a tag to 2 resources' });
    await user.click(within(dialog).getByRole('button', { name: 'Add tag to 2 resources' }));
    expect(within(dialog).getByText('Enter a key')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Key'), 'owner');
    await user.type(within(dialog).getByLabelText('Value'), 'ada');
    await user.click(within(dialog).getByRole('button', { name: 'Add tag to 2 resources' }));
    expect(await screen.findByText('Tag owner=ada added to 2 resources')).toBeInTheDocument();
    expect(m.find('PATCH', '/resources/res_1')[0].body).toEqual({ tags: { env: 'prod', owner: 'ada' } });
    expect(m.find('PATCH', '/resources/res_2')[0].body).toEqual({ tags: { team: 'data', owner: 'ada' } });
  });

  it('gives viewers no selection', async () => {
    setup({ rows: [resource(1)], role: 'viewer' });
    await screen.findByText('demo-web-server-1');
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });
});

describe('CSV export', () => {
  let blobs: Blob[];
  beforeEach(() => {
    blobs = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: () => {} }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('downloads every matching resource, walking the pages 500 at a time with the filters', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => resource(i + 1, { status: i % 2 ? 'stopped' : 'running' }));
    rows[0] = resource(1, { name: '=HYPERLINK("http://evil")', tags: { env: 'prod', team: 'a,b' } });
    const { m } = setup({ rows, path: '/infrastructure?status=running' });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-3');
    await user.click(screen.getByTestId('export-csv'));
    expect(await screen.findByText(/Exported 550 resources to cloudweave-resources-/, undefined, { timeout: 5000 })).toBeInTheDocument();
    const walks = m.find('GET', '/resources').filter((c) => c.query.get('limit') === '500');
    expect(walks.map((c) => c.query.get('cursor'))).toEqual([null, cursorFor(500)]);
    expect(walks.every((c) => c.query.get('status') === 'running' && c.query.get('sort') === '-createdAt')).toBe(true);
    const text = await blobs[0].text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('name,type,provider,region,status,monthlyCost,tags,externalId,id');
    expect(lines).toHaveLength(552);
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"")",server,aws,us-east-1,running,42.5,"env=prod; team=a,b",i-1,res_1`);
  });

  it('shows progress and can be cancelled; nothing is downloaded', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const rows = Array.from({ length: 1200 }, (_, i) => resource(i + 1));
    const list = listHandler(() => rows);
    setup({
      rows,
      routes: {
        'GET /resources': async (c: MockCall) => {
          if (c.query.get('limit') === '500' && c.query.get('cursor')) await gate;
          return list(c);
        },
      },
    });
    const user = userEvent.setup();
    await screen.findByText('demo-web-server-1');
    await user.click(screen.getByTestId('export-csv'));
    expect(await screen.findByText('Exporting 500 of 1,200 resources…')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('aria-valuenow', '42');
    await user.click(screen.getByTestId('export-cancel'));
    release();
    expect(await screen.findByText('Export cancelled; nothing was downloaded.')).toBeInTheDocument();
    expect(blobs).toHaveLength(0);
  });
});
