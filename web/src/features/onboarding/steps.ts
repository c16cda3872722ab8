import type { OnboardingState, OnboardingStepId } from '@/lib/api/types';

export const STEP_IDS: OnboardingStepId[] = ['welcome', 'cloud-providers', 'demo-or-real', 'preferences'];

export const STEP_TITLES: Record<OnboardingStepId, string> = {
  welcome: 'Welcome',
  'cloud-providers': 'Connect a cloud',
  'demo-or-real': 'Demo or real',
  preferences: 'Preferences',
};

export function initialOnboarding(): OnboardingState {
  return {
    currentStep: 'welcome',
    completed: false,
    skipped: false,
    steps: STEP_IDS.map((id) => ({ id, completed: false })),
  };
}

/** Normalises whatever the server sent into a full document with all four steps. */
export function normalise(s: Partial<OnboardingState> | undefined): OnboardingState {
  const base = initialOnboarding();
  if (!s) return base;
  const done = new Map((s.steps ?? []).map((x) => [x.id, !!x.completed]));
  return {
    currentStep: STEP_IDS.includes(s.currentStep as OnboardingStepId) ? (s.currentStep as OnboardingStepId) : 'welcome',
    completed: !!s.completed,
    skipped: !!s.skipped,
    steps: STEP_IDS.map((id) => ({ id, completed: done.get(id) ?? false })),
  };
}

/** Marks `step` done and moves to the following one. */
export function advance(s: OnboardingState, step: OnboardingStepId): OnboardingState {
  const i = STEP_IDS.indexOf(step);
  const next = STEP_IDS[Math.min(i + 1, STEP_IDS.length - 1)];
  return {
    ...s,
    currentStep: next,
    steps: s.steps.map((x) => (x.id === step ? { ...x, completed: true } : x)),
  };
}

export function goBack(s: OnboardingState, step: OnboardingStepId): OnboardingState {
  const i = STEP_IDS.indexOf(step);
  return { ...s, currentStep: STEP_IDS[Math.max(0, i - 1)] };
}

export function finish(s: OnboardingState, skipped = false): OnboardingState {
  return {
    ...s,
    completed: true,
    skipped,
    currentStep: 'preferences',
    steps: s.steps.map((x) => (skipped ? x : { ...x, completed: true })),
  };
}
