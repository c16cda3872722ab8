import type { OnboardingState, OnboardingStepId } from '@/lib/api/types';

export const STEP_IDS: OnboardingStepId[] = ['welcome', 'cloud-providers', 'demo-or-real', 'preferences'];

export const STEP_TITLES: Record<OnboardingStepId, string> = {
  welcome: 'Welcome',
  'cloud-providers': 'Connect a cloud',
  'demo-or-real': 'Demo or real',
  preferences: 'Preferences',
};

/** The wizard's own state: the current step as an index, which makes next/back arithmetic. */
export interface WizardState {
  currentStep: number;
  completed: boolean;
  skipped: boolean;
  steps: { id: OnboardingStepId; completed: boolean }[];
}

/**
 * How the server spells `currentStep`: the step id (API.md, the server) — an earlier draft of
 * the contract used an index. We read both and write back in the form we were given.
 */
export type StepFormat = 'id' | 'index';

export function detectFormat(s: { currentStep?: unknown } | undefined): StepFormat {
  return typeof s?.currentStep === 'number' ? 'index' : 'id';
}

export function initialOnboarding(): WizardState {
  return { currentStep: 0, completed: false, skipped: false, steps: STEP_IDS.map((id) => ({ id, completed: false })) };
}

export function currentStepId(s: WizardState): OnboardingStepId {
  return STEP_IDS[s.currentStep] ?? 'welcome';
}

/** The document to PUT, with currentStep in the server's format. */
export function toServer(s: WizardState, format: StepFormat = 'id'): OnboardingState {
  return {
    ...s,
    currentStep: (format === 'index' ? s.currentStep : STEP_IDS[s.currentStep]) as OnboardingState['currentStep'],
  };
}

/** Normalises whatever the server sent into a full wizard state with all four steps. */
export function normalise(s: Partial<OnboardingState> | undefined): WizardState {
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
export function advance(s: WizardState): WizardState {
  const step = currentStepId(s);
  return {
    ...s,
    currentStep: Math.min(s.currentStep + 1, STEP_IDS.length - 1),
    steps: s.steps.map((x) => (x.id === step ? { ...x, completed: true } : x)),
  };
}

export function goBack(s: WizardState): WizardState {
  return { ...s, currentStep: Math.max(0, s.currentStep - 1) };
}

export function finish(s: WizardState, skipped = false): WizardState {
  return {
    ...s,
    completed: true,
    skipped,
    currentStep: skipped ? s.currentStep : STEP_IDS.length - 1,
    steps: s.steps.map((x) => (skipped ? x : { ...x, completed: true })),
  };
}
