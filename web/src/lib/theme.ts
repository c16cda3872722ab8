import { useSyncExternalStore } from 'react';
import type { ThemePreference } from './api/types';

const KEY = 'cw.theme';
const listeners = new Set<() => void>();

function readPref(): ThemePreference {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    /* ignore */
  }
  return 'system';
}

let pref: ThemePreference = readPref();

function systemDark(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches;
}

export function resolvedTheme(p: ThemePreference = pref): 'light' | 'dark' {
  if (p === 'system') return systemDark() ? 'dark' : 'light';
  return p;
}

function apply() {
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = resolvedTheme();
}

export function setThemePreference(next: ThemePreference) {
  pref = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* ignore */
  }
  apply();
  for (const l of listeners) l();
}

export function getThemePreference(): ThemePreference {
  return pref;
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pref,
    () => pref,
  );
}

if (typeof window !== 'undefined') {
  apply();
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
    if (pref === 'system') {
      apply();
      for (const l of listeners) l();
    }
  });
}
