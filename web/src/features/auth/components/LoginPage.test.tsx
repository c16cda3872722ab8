import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoginPage } from './LoginPage';
import { renderRoute } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { tokenStore } from '@/lib/auth/tokenStore';

describe('LoginPage', () => {
  it('requires email and password', async () => {
    mockApi({});
    renderRoute(<LoginPage />, { path: '/login' });
    await userEvent.setup().click(screen.getByRole('button', { name: /sign in/i }));
    expect(await screen.findByText(/enter your email/i)).toBeInTheDocument();
    expect(screen.getByText(/enter your password/i)).toBeInTheDocument();
  });

  it('shows one message for wrong credentials', async () => {
    mockApi({ 'POST /auth/login': fail(401, 'AUTHENTICATION_ERROR', 'invalid credentials') });
    renderRoute(<LoginPage />, { path: '/login' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/email/i), 'ada@example.com');
    await user.type(screen.getByLabelText(/password/i), 'wrong-password');
    await user.click(screen.getByRole('button', { name: /sign in/i }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password.');
  });

  it('signs in and follows ?next= within the app only', async () => {
    mockApi({ 'POST /auth/login': ok({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: {}, organization: {} }) });
    renderRoute(<LoginPage />, {
      path: '/login?next=%2Finfrastructure',
      route: '/login',
      routes: [{ path: '/infrastructure', element: <h1>Infra</h1> }],
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/email/i), 'ada@example.com');
    await user.type(screen.getByLabelText(/password/i), 'SecurePassword123!');
    await user.click(screen.getByRole('button', { name: /sign in/i }));
    expect(await screen.findByRole('heading', { name: 'Infra' })).toBeInTheDocument();
    expect(tokenStore.get()?.refreshToken).toBe('r');
  });
});
