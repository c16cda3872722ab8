import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterPage } from './RegisterPage';
import { renderRoute } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { tokenStore } from '@/lib/auth/tokenStore';

const AUTH = {
  user: { id: 'usr_1', email: 'ada@example.com', name: 'Ada', role: 'owner' },
  organization: { id: 'org_1', name: "Ada's organization" },
  accessToken: 'a1',
  refreshToken: 'r1',
  expiresIn: 900,
};

function setup() {
  return renderRoute(<RegisterPage />, { path: '/register', routes: [{ path: '/onboarding', element: <h1>Onboarding page</h1> }] });
}

describe('RegisterPage', () => {
  it('validates fields before calling the API', async () => {
    const m = mockApi({});
    setup();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/work email/i), 'not-an-email');
    await user.type(screen.getByLabelText(/^password/i), 'short');
    await user.click(screen.getByRole('button', { name: /create account/i }));
    expect(await screen.findByText(/valid email address/i)).toBeInTheDocument();
    expect(screen.getByText(/enter your name/i)).toBeInTheDocument();
    expect(screen.getByText(/at least 10 characters/i, { selector: '.field-error' })).toBeInTheDocument();
    expect(screen.getByLabelText(/work email/i)).toHaveAttribute('aria-invalid', 'true');
    expect(m.calls).toHaveLength(0);
  });

  it("shows the server's per-field VALIDATION_ERROR messages", async () => {
    mockApi({
      'POST /auth/register': fail(400, 'VALIDATION_ERROR', 'invalid fields', {
        fields: { email: 'domain does not accept mail', password: 'is too common' },
      }),
    });
    setup();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('email'), 'ada@example.com');
    await user.type(screen.getByTestId('name'), 'Ada');
    await user.type(screen.getByTestId('password'), 'password1234');
    await user.click(screen.getByTestId('register-button'));
    expect(await screen.findByText('domain does not accept mail')).toBeInTheDocument();
    expect(screen.getByText('is too common')).toBeInTheDocument();
  });

  it('explains a duplicate email', async () => {
    mockApi({ 'POST /auth/register': fail(409, 'CONFLICT', 'email already registered') });
    setup();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('email'), 'ada@example.com');
    await user.type(screen.getByTestId('name'), 'Ada');
    await user.type(screen.getByTestId('password'), 'SecurePassword123!');
    await user.click(screen.getByTestId('register-button'));
    expect(await screen.findByText(/already exists/i)).toBeInTheDocument();
  });

  it('stores the session and goes to onboarding', async () => {
    const m = mockApi({ 'POST /auth/register': ok(AUTH, undefined, 201) });
    setup();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('email'), '  Ada@Example.com ');
    await user.type(screen.getByTestId('name'), 'Ada Lovelace');
    await user.type(screen.getByTestId('password'), 'SecurePassword123!');
    await user.click(screen.getByTestId('register-button'));
    expect(await screen.findByRole('heading', { name: 'Onboarding page' })).toBeInTheDocument();
    expect(m.calls[0].body).toEqual({ email: 'Ada@Example.com', name: 'Ada Lovelace', password: 'SecurePassword123!' });
    await waitFor(() => expect(tokenStore.get()).toEqual({ accessToken: 'a1', refreshToken: 'r1' }));
  });
});
