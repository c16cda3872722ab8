import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MembersSettings } from './MembersSettings';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';

function setup(createReply: Parameters<typeof mockApi>[0][string]) {
  signedIn();
  mockApi({
    'GET /auth/me': ok(ME),
    'GET /users': ok([ME], { limit: 50, nextCursor: null, total: 1 }),
    'POST /users': createReply,
  });
  renderRoute(<MembersSettings />, { path: '/settings/members' });
  return userEvent.setup();
}

async function invite(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('invite-member'));
  await user.type(screen.getByTestId('member-email'), 'grace@example.com');
  await user.type(screen.getByTestId('member-name'), 'Grace Hopper');
  await user.click(screen.getByTestId('member-submit'));
}

describe('MembersSettings', () => {
  it('gives an invitation link to the accept-invite page', async () => {
    const user = setup(ok({ id: 'usr_2', email: 'grace@example.com', name: 'Grace Hopper', role: 'viewer', status: 'invited', inviteToken: 'tok/with+chars' }, undefined, 201));
    await invite(user);
    expect(await screen.findByTestId('invite-link')).toHaveTextContent(`${window.location.origin}/accept-invite?token=tok%2Fwith%2Bchars`);
  });

  it('shows a server error no field holds above the form', async () => {
    const user = setup(fail(400, 'VALIDATION_ERROR', 'invalid fields', { fields: { organizationId: 'is full' } }));
    await invite(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('organizationId is full');
  });
});
