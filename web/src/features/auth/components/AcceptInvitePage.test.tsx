import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AcceptInvitePage } from './AcceptInvitePage';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { tokenStore } from '@/lib/auth/tokenStore';

const AUTH = {
  user: { id: 'usr_2', email: 'grace@example.com', name: 'Grace Hopper', role: 'operator' },
  organization: { id: 'org_1', name: 'Analytical Engines' },
  accessToken: 'a2',
  refreshToken: 'r2',
  expiresIn: 900,
};

function setup(routes: Parameters<typeof mockApi>[0] = {}, path = '/accept-invite?token=inv-123') {
  const m = mockApi(routes);
  const r = renderRoute(<AcceptInvitePage />, {
    path,
    route: '/accept-invite',
    routes: [
      { path: '/dashboard', element: <h1>Dashboard page</h1> },
      { path: '/login', element: <h1>Sign-in page</h1> },
    ],
  });
  return { ...r, m, user: userEvent.setup() };
}

describe('AcceptInvitePage', () => {
  it('asks for a password of the same length as registration, before calling the API', async () => {
    const { m, user } = setup();
    await user.type(screen.getByTestId('invite-password'), 'short');
    await user.click(screen.getByRole('button', { name: /activate account/i }));
    expect(await screen.findByText(/at least 10 characters/i, { selector: '.field-error' })).toBeInTheDocument();
    expect(screen.getByTestId('invite-password')).toHaveAttribute('aria-invalid', 'true');
    expect(m.calls).toHaveLength(0);
  });

  it('accepts the invitation, stores the session like sign-in and lands on the dashboard', async () => {
    const { m, user } = setup({ 'POST /auth/accept-invite': ok(AUTH) });
    await user.type(screen.getByLabelText(/full name/i), '  Grace Hopper ');
    await user.type(screen.getByLabelText(/^password/i), 'CobolForever123');
    await user.click(screen.getByRole('button', { name: /activate account/i }));
    expect(await screen.findByRole('heading', { name: 'Dashboard page' })).toBeInTheDocument();
    expect(m.find('POST', '/auth/accept-invite')[0].body).toEqual({ token: 'inv-123', password: 'CobolForever123', name: 'Grace Hopper' });
    expect(m.find('POST', '/auth/accept-invite')[0].headers.Authorization).toBeUndefined();
    await waitFor(() => expect(tokenStore.get()).toEqual({ accessToken: 'a2', refreshToken: 'r2' }));
    expect(await screen.findByText('Welcome to Analytical Engines')).toBeInTheDocument();
  });

  it('leaves the name out when none is typed (the administrator’s stays)', async () => {
    const { m, user } = setup({ 'POST /auth/accept-invite': ok(AUTH) });
    await user.type(screen.getByLabelText(/^password/i), 'CobolForever123');
    await user.click(screen.getByRole('button', { name: /activate account/i }));
    await screen.findByRole('heading', { name: 'Dashboard page' });
    expect(m.find('POST', '/auth/accept-invite')[0].body).toEqual({ token: 'inv-123', password: 'CobolForever123' });
  });

  it('explains a used or unknown invitation and links to sign in', async () => {
    const { user } = setup({ 'POST /auth/accept-invite': fail(404, 'NOT_FOUND', 'invitation not found or already accepted') });
    await user.type(screen.getByLabelText(/^password/i), 'CobolForever123');
    await user.click(screen.getByRole('button', { name: /activate account/i }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/no longer valid/i);
    await user.click(screen.getByRole('link', { name: /go to sign in/i }));
    expect(await screen.findByRole('heading', { name: 'Sign-in page' })).toBeInTheDocument();
    expect(tokenStore.get()).toBeNull();
  });

  it('says so when the link has no token', async () => {
    setup({}, '/accept-invite');
    expect(screen.getByRole('alert')).toHaveTextContent(/incomplete/i);
    expect(screen.getByRole('link', { name: /go to sign in/i })).toHaveAttribute('href', '/login');
  });

  it("shows the server's field errors at the fields, and others above the form", async () => {
    const { user } = setup({
      'POST /auth/accept-invite': fail(400, 'VALIDATION_ERROR', 'invalid fields', { fields: { password: 'is too common', token: 'is malformed' } }),
    });
    await user.type(screen.getByLabelText(/^password/i), 'password1234');
    await user.click(screen.getByRole('button', { name: /activate account/i }));
    expect(await screen.findByText('is too common')).toBeInTheDocument();
    expect(screen.getByTestId('invite-form-error')).toHaveTextContent('token is malformed');
  });

  it('warns a signed-in visitor that accepting switches accounts', async () => {
    signedIn();
    setup({ 'GET /auth/me': ok(ME) });
    expect(await screen.findByTestId('invite-signed-in-note')).toHaveTextContent('ada@example.com');
  });
});
