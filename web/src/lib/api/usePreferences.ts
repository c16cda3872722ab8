import { useCallback, useMemo } from 'react';
import { useGetPreferencesQuery, useUpdatePreferencesMutation } from './endpoints';
import type { Preferences } from './types';

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  language: 'en',
  timezone: typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : 'UTC',
  notifications: { email: true, inApp: true, alerts: true, weeklyReport: false },
  dashboardLayout: null,
  defaultCloudProvider: null,
};

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
  return {
    preferences,
    isLoading: query.isLoading,
    error: query.error,
    save,
    saving: state.isLoading,
  };
}
