import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { useTokens } from '@/lib/auth/session';
import { ErrorState, PageLoader } from '@/components/States';
import { setThemePreference, getThemePreference } from '@/lib/theme';
import { useRealtime } from './useRealtime';

/**
 * Gate for signed-in pages: sends anonymous visitors to /login, and users who have not finished
 * onboarding to /onboarding. Also owns the WebSocket for the session.
 */
export function RequireAuth({ children, allowIncompleteOnboarding }: { children: ReactNode; allowIncompleteOnboarding?: boolean }) {
  const tokens = useTokens();
  const location = useLocation();
  const me = useGetMeQuery(undefined, { skip: !tokens });
  useRealtime(!!tokens);

  const serverTheme = me.data?.preferences?.theme;
  useEffect(() => {
    if (serverTheme && serverTheme !== getThemePreference()) setThemePreference(serverTheme);
  }, [serverTheme]);

  if (!tokens) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  if (me.isLoading || (!me.data && me.isFetching)) return <PageLoader label="Loading your workspace" />;
  if (me.error || !me.data) {
    return (
      <div className="not-found">
        <ErrorState
          title="Cannot reach CloudWeave"
          message="Your workspace could not be loaded. Check that the server is running."
          onRetry={() => me.refetch()}
        />
      </div>
    );
  }
  if (!me.data.onboardingCompleted && !allowIncompleteOnboarding) return <Navigate to="/onboarding" replace />;
  return <>{children}</>;
}

/** For /login and /register: signed-in users go straight to the app. */
export function RedirectIfAuthenticated({ children }: { children: ReactNode }) {
  const tokens = useTokens();
  if (tokens) return <Navigate to="/dashboard" replace />;
  return <>{children}</>;
}
