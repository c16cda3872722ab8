import type { OnboardingState, OnboardingStepId } from '@/lib/api/types';

/** The server keeps `currentStep` as an index into this list. */
export const STEP_IDS: OnboardingStepId[] = ['welcome', 'cloud-providers', 'demo-or-real', 'preferences'];

export const STEP_TITLES: Record<OnboardingStepId, string> = {
  welcome: 'Welcome',
  'cloud-providers': 'Connect a cloud',
  'demo-or-real': 'Demo or real',
  preferences: 'Preferences',
};

export function initialOnboarding(): OnboardingState {
  return {
    currentStep: 0,
    completed: false,
    skipped: false,
    steps: STEP_IDS.map((id) => ({ id, completed: false })),
  };
}

export function currentStepId(s: OnboardingState): OnboardingStepId {
  return STEP_IDS[s.currentStep] ?? 'welcome';
}

/**
 * How the server spells `currentStep`: the running server uses the step id (as API.md), while
 * api/openapi.yaml says an index. We read both and write back in the form we were given.
 */
export type StepFormat = 'id' | 'index';

export function detectFormat(s: { currentStep?: unknown } | undefined): StepFormat {
  return typeof s?.currentStep === 'number' ? 'index' : 'id';
}

/** The document to PUT, with currentStep in the server's format. */
export function toServer(s: OnboardingState, format: StepFormat): OnboardingState {
  if (format === 'index') return s;
  return { ...s, currentStep: STEP_IDS[s.currentStep] as unknown as number };
}

/** Normalises whatever the server sent into a full document with all four steps. */
export function normalise(s: Partial<OnboardingState> | undefined): OnboardingState {
  const base = initialOnboarding();
  if (!s) return base;
  const done = new Map((s.steps ?? []).map((x) => [x.id, !!x.completed]));
  const raw = s.currentStep as unknown;
  const fromId = typeof raw === 'string' ? STEP_IDS.indexOf(raw as OnboardingStepId) : -1;
  const idx = typeof raw === 'number' && raw >= 0 && raw < STEP_IDS.length ? raw : fromId >= 0 ? fromId : 0;
  return {
    currentStep: idx,
    completed: !!s.completed,
    skipped: !!s.skipped,
    steps: STEP_IDS.map((id) => ({ id, completed: done.get(id) ?? false })),
  };
}

/** Marks the current step done and moves to the following one. */
export function advance(s: OnboardingState): OnboardingState {
  const step = currentStepId(s);
  return {
    ...s,
    currentStep: Math.min(s.currentStep + 1, STEP_IDS.length - 1),
    steps: s.steps.map((x) => (x.id === step ? { ...x, completed: true } : x)),
  };
}

export function goBack(s: OnboardingState): OnboardingState {
  return { ...s, currentStep: Math.max(0, s.currentStep - 1) };
}

export function finish(s: OnboardingState, skipped = false): OnboardingState {
  return {
    ...s,
    completed: true,
    skipped,
    currentStep: skipped ? s.currentStep : STEP_IDS.length - 1,
    steps: s.steps.map((x) => (skipped ? x : { ...x, completed: true })),
  };
}
