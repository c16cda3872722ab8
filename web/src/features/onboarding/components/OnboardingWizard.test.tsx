import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OnboardingWizard } from './OnboardingWizard';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';

const STEPS = ['welcome', 'cloud-providers', 'demo-or-real', 'preferences'];
function onboarding(currentStep: string, done: string[] = []) {
  return { currentStep, completed: false, skipped: false, steps: STEPS.map((id) => ({ id, completed: done.includes(id) })) };
}

function setup(initial: ReturnType<typeof onboarding>) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok({ ...ME, onboardingCompleted: false }),
    'GET /onboarding': ok(initial),
    'PUT /onboarding': (c) => ok(c.body),
    'GET /providers': ok([]),
    'GET /users/me/preferences': ok(ME.preferences),
    'PUT /users/me/preferences': (c) => ok(c.body),
    'POST /demo': ok({ isDemo: true, scenario: 'startup', loadedAt: '2026-01-01T00:00:00.000Z' }),
  });
  const r = renderRoute(<OnboardingWizard />, { path: '/onboarding', routes: [{ path: '/dashboard', element: <h1>Dashboard page</h1> }] });
  return { ...r, m };
}

describe('OnboardingWizard', () => {
  it('resumes at the step saved on the server', async () => {
    setup(onboarding('demo-or-real', ['welcome', 'cloud-providers']));
    expect(await screen.findByRole('heading', { name: /choose your experience/i })).toBeInTheDocument();
    expect(screen.getByText(/3\. Demo or real/).closest('li')).toHaveAttribute('aria-current', 'step');
  });

  it('walks welcome → skip cloud → demo data → finish, saving each step', async () => {
    const { m } = setup(onboarding('welcome'));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /get started/i }));
    expect(m.find('PUT', '/onboarding').at(-1)?.body).toMatchObject({ currentStep: 'cloud-providers' });

    await user.click(await screen.findByTestId('skip-cloud-setup'));
    expect(m.find('PUT', '/onboarding').at(-1)?.body).toMatchObject({
      currentStep: 'demo-or-real',
      steps: expect.arrayContaining([{ id: 'cloud-providers', completed: true }]),
    });

    await user.click(await screen.findByRole('radio', { name: /enterprise/i }));
    await user.click(screen.getByTestId('use-demo-data'));
    await waitFor(() => expect(m.find('POST', '/demo')[0]?.body).toEqual({ scenario: 'enterprise' }));

    await user.click(await screen.findByTestId('complete-onboarding'));
    expect(await screen.findByRole('heading', { name: 'Dashboard page' })).toBeInTheDocument();
    expect(m.find('PUT', '/onboarding').at(-1)?.body).toMatchObject({ completed: true, skipped: false });
  });

  it('can be skipped entirely', async () => {
    const { m } = setup(onboarding('welcome'));
    await userEvent.setup().click(await screen.findByRole('button', { name: /skip setup/i }));
    expect(await screen.findByRole('heading', { name: 'Dashboard page' })).toBeInTheDocument();
    expect(m.find('PUT', '/onboarding').at(-1)?.body).toMatchObject({ completed: true, skipped: true });
  });

  it('writes an index back when the server speaks indexes', async () => {
    const { m } = setup({ ...onboarding('welcome'), currentStep: 0 as unknown as string });
    await userEvent.setup().click(await screen.findByRole('button', { name: /get started/i }));
    expect(m.find('PUT', '/onboarding').at(-1)?.body).toMatchObject({ currentStep: 1 });
  });

  it('offers a time zone (the browser’s proposed over the UTC default) and no notification switches', async () => {
    const { m } = setup(onboarding('preferences', ['welcome', 'cloud-providers', 'demo-or-real']));
    const zone = await screen.findByRole('combobox', { name: 'Time zone' });
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.selectOptions(zone, 'Asia/Tokyo');
    await user.click(screen.getByTestId('complete-onboarding'));
    await screen.findByRole('heading', { name: 'Dashboard page' });
    expect(m.find('PUT', '/users/me/preferences').at(-1)?.body).toMatchObject({ timezone: 'Asia/Tokyo' });
  });
});
