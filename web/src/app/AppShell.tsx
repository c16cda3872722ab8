import { Suspense, useEffect } from 'react';
import { NavLink, Outlet, useLocation, useMatches } from 'react-router';
import { useSelector } from 'react-redux';
import {
  IconActivity,
  IconCoin,
  IconDashboard,
  IconLogo,
  IconRocket,
  IconServer,
  IconSettings,
  IconShield,
  IconVault,
} from '@/components/icons';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { PageLoader } from '@/components/States';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { useIsDemo } from '@/lib/api/useIsDemo';
import { usePreferences } from '@/lib/api/usePreferences';
import { can } from '@/lib/auth/permissions';
import type { ConnectionStatus } from '@/lib/realtime/socket';
import { DemoBanner } from '@/features/demo';
import { NotificationBell } from '@/features/notifications';
import { ThemeMenu } from './ThemeMenu';
import { UserMenu, initials } from './UserMenu';

export interface RouteHandle {
  title: string;
}

const NAV = [
  { to: '/dashboard', label: 'Dashboard', Icon: IconDashboard, testId: 'dashboard-nav' },
  { to: '/infrastructure', label: 'Infrastructure', Icon: IconServer, testId: 'infrastructure-nav' },
  { to: '/deployments', label: 'Deployments', Icon: IconRocket, soon: true },
  { to: '/monitoring', label: 'Monitoring', Icon: IconActivity, testId: 'monitoring-nav' },
  { to: '/cost', label: 'Costs', Icon: IconCoin, testId: 'costs-nav' },
  { to: '/security', label: 'Security', Icon: IconShield },
  { to: '/vault', label: 'Vault', Icon: IconVault },
];

const CONNECTION_LABEL: Record<ConnectionStatus, string> = {
  idle: 'Offline',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

export function AppShell() {
  const { data: me } = useGetMeQuery();
  const { isDemo, scenario } = useIsDemo();
  const location = useLocation();
  const matches = useMatches();
  const title = (matches[matches.length - 1]?.handle as RouteHandle | undefined)?.title ?? '';
  const connection = useSelector((s: { realtime: { status: ConnectionStatus } }) => s.realtime.status);
  const { save } = usePreferences({ skip: !me });

  useEffect(() => {
    document.title = title ? `${title} · CloudWeave` : 'CloudWeave';
  }, [title]);

  // Warm the chunks of the main pages once the shell is idle, so the first visit is instant.
  useEffect(() => {
    const warm = () => {
      void import('@/features/dashboard');
      void import('@/features/infrastructure');
    };
    const w = window as Window & { requestIdleCallback?: (cb: () => void) => number };
    if (w.requestIdleCallback) w.requestIdleCallback(warm);
    else setTimeout(warm, 1500);
  }, []);

  if (!me) return null;
  const orgName = me.organizationName ?? 'My organization';

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar" aria-label="Primary">
        <NavLink to="/dashboard" className="brand" aria-label="CloudWeave dashboard">
          <IconLogo className="brand-mark" />
          CloudWeave
        </NavLink>
        <div className="org-switch" title={orgName}>
          <span className="org-avatar" aria-hidden="true">
            {initials(orgName)}
          </span>
          <span className="org-name" data-testid="org-name">
            {orgName}
          </span>
        </div>
        <nav className="nav" aria-label="Main navigation">
          <div className="nav-section" aria-hidden="true">
            Platform
          </div>
          {NAV.map(({ to, label, Icon, soon, testId }) => (
            <NavLink key={to} to={to} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`} data-testid={testId}>
              <Icon />
              {label}
              {soon && <span className="nav-soon">Soon</span>}
            </NavLink>
          ))}
          <div className="nav-section" aria-hidden="true">
            Organization
          </div>
          <NavLink to="/settings" className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`} data-testid="settings-nav">
            <IconSettings />
            Settings
          </NavLink>
        </nav>
        <div className="sidebar-footer" role="status" aria-live="polite">
          <span className={`conn-dot ${connection}`} aria-hidden="true" />
          Realtime: {CONNECTION_LABEL[connection]}
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="breadcrumb">
            <span>{orgName}</span>
            <span aria-hidden="true">/</span>
            <strong>{title}</strong>
          </div>
          <ThemeMenu onChange={(theme) => void save({ theme }).catch(() => undefined)} />
          <NotificationBell />
          <UserMenu me={me} />
        </header>
        {isDemo && <DemoBanner scenario={scenario} canExit={can(me.role, 'demo:manage')} />}
        <main id="main" className="content" tabIndex={-1}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
