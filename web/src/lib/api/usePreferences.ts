import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useTokens } from '../auth/session';
import { browserTimeZone, getDisplayTimeZone, isValidTimeZone, setDisplayTimeZone, subscribeDisplayTimeZone } from '../format';
import { useGetMeQuery, useGetPreferencesQuery, useUpdatePreferencesMutation } from './endpoints';
import type { Preferences } from './types';

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  language: 'en',
  timezone: typeof Intl !== 'undefined' ? browserTimeZone() : 'UTC',
  notifications: {
    email: true,
    inApp: true,
    alerts: true,
    costAlerts: true,
    deployments: true,
    security: true,
    sync: true,
    vault: true,
    weeklyReport: false,
  },
  dashboardLayout: null,
  defaultCloudProvider: null,
};

/** The languages the UI exists in. Only English for now; the preference offers nothing else. */
export const AVAILABLE_LANGUAGES = [{ value: 'en', label: 'English' }] as const;

export function mergePreferences(base: Partial<Preferences> | undefined, patch: Partial<Preferences>): Preferences {
  const b = { ...DEFAULT_PREFERENCES, ...(base ?? {}) };
  return {
    ...b,
    ...patch,
    notifications: { ...DEFAULT_PREFERENCES.notifications, ...(b.notifications ?? {}), ...(patch.notifications ?? {}) },
  };
}

/** Preferences plus a save function that PUTs the full, merged document. */
export function usePreferences(opts: { skip?: boolean } = {}) {
  const query = useGetPreferencesQuery(undefined, { skip: opts.skip });
  const [update, state] = useUpdatePreferencesMutation();
  const current = query.data;
  const save = useCallback(
    (patch: Partial<Preferences>) => update(mergePreferences(current, patch)).unwrap(),
    [update, current],
  );
  const preferences = useMemo(() => (current ? mergePreferences(current, {}) : undefined), [current]);
  // The shell reads the preferences through this hook: keep the formatters' zone in step.
  const zone = current?.timezone;
  useEffect(() => {
    if (zone) setDisplayTimeZone(zone);
  }, [zone]);
  return {
    preferences,
    isLoading: query.isLoading,
    error: query.error,
    save,
    saving: state.isLoading,
  };
}

/**
 * The IANA zone every time on screen is shown in: the signed-in user's preference, else the
 * browser's. Components pass it to the formatters of lib/format and re-render when it changes;
 * it also becomes the formatters' default for code that passes none.
 */
export function useDisplayTimeZone(): string {
  const tokens = useTokens();
  const me = useGetMeQuery(undefined, { skip: !tokens });
  const preferred = me.data?.preferences?.timezone;
  const moduleZone = useSyncExternalStore(subscribeDisplayTimeZone, getDisplayTimeZone, getDisplayTimeZone);
  useEffect(() => {
    if (preferred) setDisplayTimeZone(preferred);
    else if (!tokens) setDisplayTimeZone(null); // signed out: the next user starts from the browser's zone
  }, [preferred, tokens]);
  return isValidTimeZone(preferred) ? preferred : moduleZone;
}
