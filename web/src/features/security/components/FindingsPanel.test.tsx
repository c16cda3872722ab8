import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { FindingsPanel } from './FindingsPanel';

const FINDING = {
  id: 'fnd_1',
  ruleId: 'storage-bucket-public',
  title: 'Storage bucket is publicly accessible',
  severity: 'critical',
  status: 'open',
  muted: false,
  muteId: null,
  mutedUntil: null,
  resourceId: 'res_1',
  resourceName: 'assets-bucket',
  resourceType: 'storage',
  provider: 'aws',
  providerId: 'acct_1',
  region: 'us-east-1',
  firstSeenAt: '2026-12-01T00:00:00.000Z',
  lastSeenAt: '2026-12-05T00:00:00.000Z',
  resolvedAt: null,
  reopenedCount: 0,
  remediation: 'Block public access.',
};
const page = (items: unknown[], nextCursor: string | null = null) => ok(items, { limit: 50, nextCursor });

describe('FindingsPanel', () => {
  it('keeps the filters in the URL and asks the server for them; the next page follows the cursor', async () => {
    signedIn();
    const m = mockApi({ 'GET /security/findings': page([FINDING], 'c2') });
    const { router } = renderRoute(<FindingsPanel canOperate={false} />, { path: '/security?tab=findings', route: '/security' });
    const table = await screen.findByRole('table', { name: 'Security findings' });
    await within(table).findByText('assets-bucket');
    expect(m.find('GET', '/security/findings')[0].query.get('status')).toBe('open');
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Severity'), 'critical,high');
    await waitFor(() => expect(router.state.location.search).toContain('severity=critical%2Chigh'));
    await waitFor(() => expect(m.find('GET', '/security/findings').at(-1)?.query.get('severity')).toBe('critical,high'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(m.find('GET', '/security/findings').at(-1)?.query.get('cursor')).toBe('c2'));
    // Viewers cannot select or mute.
    expect(within(table).queryByRole('checkbox')).toBeNull();
  });

  it('clears a rule and a resource filter together', async () => {
    signedIn();
    const m = mockApi({ 'GET /security/findings': page([FINDING]) });
    const { router } = renderRoute(<FindingsPanel canOperate={false} />, {
      path: '/security?tab=findings&ruleId=storage-bucket-public&resourceId=res_1',
      route: '/security',
    });
    await screen.findByText('assets-bucket');
    expect(m.find('GET', '/security/findings')[0].query.get('resourceId')).toBe('res_1');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear rule storage-bucket-public' }));
    await waitFor(() => expect(router.state.location.search).toBe('?tab=findings'));
  });

  it('mutes a selection by resource with a reason; the server names what is wrong', async () => {
    signedIn();
    let tries = 0;
    const m = mockApi({
      'GET /security/findings': page([FINDING]),
      'POST /security/mutes': () => (++tries === 1 ? fail(400, 'VALIDATION_ERROR', 'invalid fields: expiresAt (must be in the future)') : ok({ id: 'mut_1', applied: 1 }, undefined, 201)),
    });
    renderRoute(<FindingsPanel canOperate />, { path: '/security' });
    const table = await screen.findByRole('table', { name: 'Security findings' });
    const user = userEvent.setup();
    await user.click(await within(table).findByRole('checkbox', { name: 'Select Storage bucket is publicly accessible on assets-bucket' }));
    await user.click(screen.getByRole('button', { name: 'Mute 1 selected…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('button', { name: 'Mute' })).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Reason'), 'accepted risk');
    await user.click(within(dialog).getByRole('button', { name: 'Mute' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('must be in the future');
    await user.click(within(dialog).getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(m.find('POST', '/security/mutes').at(-1)?.body).toEqual({ resourceId: 'res_1', reason: 'accepted risk' });
  });
});
