import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { Provider } from 'react-redux';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { Toaster } from '@/components/Toaster';
import { makeStore } from '@/app/store';
import { tokenStore } from '@/lib/auth/tokenStore';
import type { Me } from '@/lib/api/types';
import { DEFAULT_PREFERENCES } from '@/lib/api/usePreferences';

export const ME: Me = {
  id: 'usr_1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  role: 'owner',
  status: 'active',
  organizationId: 'org_1',
  organizationName: 'Analytical Engines',
  preferences: { ...DEFAULT_PREFERENCES, theme: 'dark', language: 'en', timezone: 'UTC' },
  onboardingCompleted: true,
  demoMode: false,
  demoScenario: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
};

/** The app's store, for tests of code outside src/app (which may not import it). */
export function makeTestStore() {
  return makeStore();
}

export function signedIn() {
  tokenStore.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
}

/**
 * Renders `ui` at `path` inside a fresh store and a memory router. Extra routes (e.g. the
 * page a form navigates to) can be given to assert navigation.
 */
export function renderRoute(
  ui: ReactElement,
  { path = '/', route, routes = [] }: { path?: string; route?: string; routes?: RouteObject[] } = {},
) {
  const store = makeStore();
  const router = createMemoryRouter(
    [{ path: route ?? path, element: ui }, ...routes, { path: '*', element: <div>elsewhere</div> }],
    { initialEntries: [path] },
  );
  const utils = render(
    <Provider store={store}>
      <RouterProvider router={router} />
      <Toaster />
    </Provider>,
  );
  return { ...utils, store, router };
}
