import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { PageLoader } from '@/components/States';
import { AppShell } from './AppShell';
import { RedirectIfAuthenticated, RequireAuth } from './RequireAuth';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { coreApi } from '@/lib/api/endpoints';
import { tokenStore } from '@/lib/auth/tokenStore';
import type { AppStore } from './store';

// Route-level code splitting: each page is its own chunk.
const loadDashboard = () => import('@/features/dashboard');
const loadInfrastructure = () => import('@/features/infrastructure');
const loadCosts = () => import('@/features/costs');
const loadSecurity = () => import('@/features/security');
const loadMonitoring = () => import('@/features/monitoring');
const loadVault = () => import('@/features/vault');

const LoginPage = lazy(() => import('@/features/auth').then((m) => ({ default: m.LoginPage })));
const RegisterPage = lazy(() => import('@/features/auth').then((m) => ({ default: m.RegisterPage })));
const AcceptInvitePage = lazy(() => import('@/features/auth').then((m) => ({ default: m.AcceptInvitePage })));
const OnboardingPage = lazy(() => import('@/features/onboarding').then((m) => ({ default: m.OnboardingPage })));
const DashboardPage = lazy(() => loadDashboard().then((m) => ({ default: m.DashboardPage })));
const InfrastructurePage = lazy(() => loadInfrastructure().then((m) => ({ default: m.InfrastructurePage })));
const CostsPage = lazy(() => loadCosts().then((m) => ({ default: m.CostsPage })));
const SecurityPage = lazy(() => loadSecurity().then((m) => ({ default: m.SecurityPage })));
const MonitoringPage = lazy(() => loadMonitoring().then((m) => ({ default: m.MonitoringPage })));
const VaultPage = lazy(() => loadVault().then((m) => ({ default: m.VaultPage })));
const PublicSharePage = lazy(() => loadVault().then((m) => ({ default: m.PublicSharePage })));
const SettingsPage = lazy(() => import('@/features/settings').then((m) => ({ default: m.SettingsPage })));

function Page({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary fullPage>
      <Suspense fallback={<PageLoader />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

const SOON: Record<string, { title: string; summary: string; items: string[] }> = {
  deployments: {
    title: 'Deployments',
    summary: 'Ship changes to your infrastructure with history and rollbacks.',
    items: ['Deployment pipelines per environment', 'Live progress and logs', 'One-click rollback'],
  },
};

/**
 * Route loaders start the page's chunk and its first queries in parallel with the session check,
 * instead of after it (no waterfall). They never block navigation.
 */
function warm(store: AppStore | undefined, chunk: () => Promise<unknown>, prefetch: (s: AppStore) => void) {
  return () => {
    void chunk();
    if (store && tokenStore.get()) prefetch(store);
    return null;
  };
}

export function buildRoutes(store?: AppStore): RouteObject[] {
  return [
  {
    path: '/login',
    element: (
      <RedirectIfAuthenticated>
        <Page>
          <LoginPage />
        </Page>
      </RedirectIfAuthenticated>
    ),
  },
  {
    path: '/register',
    element: (
      <RedirectIfAuthenticated>
        <Page>
          <RegisterPage />
        </Page>
      </RedirectIfAuthenticated>
    ),
  },
  {
    // Public like /login, but not sent away when signed in: the link may be opened in a browser
    // where someone else is signed in (the page says accepting switches accounts).
    path: '/accept-invite',
    element: (
      <Page>
        <AcceptInvitePage />
      </Page>
    ),
  },
  {
    // A share link's page: public, no sign-in, outside the app's layout.
    path: '/s/:token',
    element: (
      <Page>
        <PublicSharePage />
      </Page>
    ),
  },
  {
    path: '/onboarding',
    element: (
      <RequireAuth allowIncompleteOnboarding>
        <Page>
          <OnboardingPage />
        </Page>
      </RequireAuth>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      {
        path: 'dashboard',
        element: <DashboardPage />,
        handle: { title: 'Dashboard' },
        loader: warm(store, loadDashboard, (st) => {
          void st.dispatch(coreApi.util.prefetch('getResourceSummary', undefined, {}));
          void st.dispatch(coreApi.util.prefetch('listProviders', undefined, {}));
          void st.dispatch(coreApi.util.prefetch('listResources', { sort: '-monthlyCost', limit: 5 }, {}));
        }),
      },
      {
        path: 'infrastructure',
        element: <InfrastructurePage />,
        handle: { title: 'Infrastructure' },
        loader: warm(store, loadInfrastructure, (st) => {
          void st.dispatch(coreApi.util.prefetch('listProviders', undefined, {}));
        }),
      },
      {
        path: 'cost',
        element: <CostsPage />,
        handle: { title: 'Costs' },
        loader: warm(store, loadCosts, (st) => {
          void st.dispatch(coreApi.util.prefetch('listProviders', undefined, {}));
        }),
      },
      {
        path: 'security',
        element: <SecurityPage />,
        handle: { title: 'Security' },
        loader: warm(store, loadSecurity, () => {}),
      },
      {
        path: 'monitoring',
        element: <MonitoringPage />,
        handle: { title: 'Monitoring' },
        loader: warm(store, loadMonitoring, () => {}),
      },
      {
        path: 'vault',
        element: <VaultPage />,
        handle: { title: 'Vault' },
        loader: warm(store, loadVault, () => {}),
      },
      {
        path: 'vault/folders/:folderId',
        element: <VaultPage />,
        handle: { title: 'Vault' },
        loader: warm(store, loadVault, () => {}),
      },
      { path: 'settings/*', element: <SettingsPage />, handle: { title: 'Settings' } },
      ...Object.entries(SOON).map(([path, s]) => ({
        path,
        element: <ComingSoonPage {...s} />,
        handle: { title: s.title },
      })),
    ],
  },
  { path: '*', element: <NotFoundPage /> },
  ];
}

export const routes = buildRoutes();

export function createAppRouter(store?: AppStore) {
  return createBrowserRouter(buildRoutes(store));
}
