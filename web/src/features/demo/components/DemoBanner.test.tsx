import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoBanner } from './DemoBanner';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';

const account = (id: string, name: string, isDemo: boolean, resourceCount: number) => ({ id, name, provider: 'simulated', isDemo, resourceCount, status: 'connected' });

function setup(routes: Parameters<typeof mockApi>[0]) {
  signedIn();
  const m = mockApi({ 'DELETE /demo': { status: 204 }, ...routes });
  renderRoute(<DemoBanner scenario="startup" canExit />, { path: '/infrastructure', routes: [{ path: '/dashboard', element: <h1>Dashboard page</h1> }] });
  return { m, user: userEvent.setup() };
}

describe('DemoBanner', () => {
  it('asks before removing, saying what goes (accounts and resource counts) and what stays', async () => {
    const { m, user } = setup({
      'GET /providers': ok([account('a1', 'Demo AWS', true, 40), account('a2', 'Demo Azure', true, 7), account('a3', 'Production', false, 120)]),
    });
    await user.click(screen.getByRole('button', { name: 'Exit demo' }));
    const dialog = await screen.findByRole('alertdialog', { name: /remove the demo data/i });
    expect(await within(dialog).findByTestId('exit-demo-accounts')).toHaveTextContent('2 demo cloud accounts (Demo AWS, Demo Azure)');
    expect(within(dialog).getByTestId('exit-demo-resources')).toHaveTextContent('47 demo resources');
    expect(dialog).toHaveTextContent('Your own 1 cloud account and their resources stay as they are.');
    expect(m.find('DELETE', '/demo')).toHaveLength(0);
    // Focus starts on the safe choice.
    expect(within(dialog).getByRole('button', { name: 'Keep demo data' })).toHaveFocus();
  });

  it('removes nothing when cancelled (Escape)', async () => {
    const { m, user } = setup({ 'GET /providers': ok([account('a1', 'Demo AWS', true, 3)]) });
    await user.click(screen.getByRole('button', { name: 'Exit demo' }));
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(m.find('DELETE', '/demo')).toHaveLength(0);
  });

  it('removes the demo data once confirmed and goes to the dashboard', async () => {
    const { m, user } = setup({ 'GET /providers': ok([account('a1', 'Demo AWS', true, 1)]) });
    await user.click(screen.getByRole('button', { name: 'Exit demo' }));
    expect(await screen.findByTestId('exit-demo-resources')).toHaveTextContent('1 demo resource');
    await user.click(screen.getByRole('button', { name: 'Remove demo data' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard page' })).toBeInTheDocument();
    expect(m.find('DELETE', '/demo')).toHaveLength(1);
    expect(await screen.findByText('Demo data removed')).toBeInTheDocument();
  });

  it('still explains what goes when the accounts cannot be counted', async () => {
    const { user } = setup({ 'GET /providers': fail(500, 'INTERNAL_ERROR', 'boom') });
    await user.click(screen.getByRole('button', { name: 'Exit demo' }));
    expect(await screen.findByText(/every demo cloud account and every resource/i)).toBeInTheDocument();
  });
});
