import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppDispatch } from '@/lib/hooks';
import { Button } from '@/components/Button';
import { ConnectProviderForm, ValidationResult } from '@/components/ConnectProviderForm';
import { SegmentedControl, SelectField } from '@/components/Field';
import { PageLoader } from '@/components/States';
import {
  IconCheck,
  IconCloud,
  IconFlask,
  IconLogo,
  IconMonitor,
  IconMoon,
  IconServer,
  IconSparkles,
  IconSun,
} from '@/components/icons';
import { coreApi, useGetMeQuery, useListProvidersQuery, useLoadDemoMutation } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CloudProvider, DemoScenario, Preferences, ProviderValidation } from '@/lib/api/types';
import { DEFAULT_PREFERENCES, mergePreferences, usePreferences } from '@/lib/api/usePreferences';
import { browserTimeZone, setDisplayTimeZone, timeZoneLabel, timeZoneOptions } from '@/lib/format';
import { setThemePreference } from '@/lib/theme';
import { useToast } from '@/lib/toast/useToast';
import { useGetOnboardingQuery, useSaveOnboardingMutation } from '../api/onboardingApi';
import { advance, currentStepId, detectFormat, finish, goBack, normalise, STEP_IDS, STEP_TITLES, toServer, type WizardState } from '../steps';

const SCENARIOS: { id: DemoScenario; title: string; text: string }[] = [
  { id: 'startup', title: 'Startup', text: 'A lean web app on one cloud: servers, a database, storage.' },
  { id: 'enterprise', title: 'Enterprise', text: 'Hundreds of resources across regions and teams.' },
  { id: 'devops', title: 'DevOps', text: 'Containers, pipelines, queues and caches.' },
  { id: 'multicloud', title: 'Multi-cloud', text: 'AWS, Azure and GCP side by side.' },
];

export function OnboardingWizard() {
  const navigate = useNavigate();
  const dispatch = useAppDispatch();
  const toast = useToast();
  const me = useGetMeQuery();
  const query = useGetOnboardingQuery();
  const [saveOnboarding] = useSaveOnboardingMutation();
  const [state, setState] = useState<WizardState | null>(null);
  const [finishing, setFinishing] = useState(false);
  const format = detectFormat(query.data);

  useEffect(() => {
    if (state) return;
    if (query.data) setState(normalise(query.data));
    else if (query.isError) setState(normalise(undefined));
  }, [query.data, query.isError, state]);

  if (!state) return <PageLoader label="Loading setup" />;

  const persist = (next: WizardState) => {
    setState(next);
    saveOnboarding(toServer(next, format))
      .unwrap()
      .catch((e) => toast.error('Could not save your progress', errorMessage(e)));
  };

  const complete = async (skipped: boolean) => {
    setFinishing(true);
    const done = finish(state, skipped);
    try {
      await saveOnboarding(toServer(done, format)).unwrap();
    } catch (e) {
      setFinishing(false);
      toast.error('Could not finish setup', errorMessage(e));
      return;
    }
    // The route guard reads onboardingCompleted from /auth/me: update it before navigating.
    dispatch(
      coreApi.util.updateQueryData('getMe', undefined, (draft) => {
        draft.onboardingCompleted = true;
      }),
    );
    dispatch(coreApi.util.invalidateTags(['Me']));
    navigate('/dashboard', { replace: true });
  };

  const step = currentStepId(state);
  const index = state.currentStep;
  const firstName = me.data?.name?.split(' ')[0];

  return (
    <div className="onboarding">
      <div className="onboarding-top">
        <span className="brand">
          <IconLogo className="brand-mark" /> CloudWeave
        </span>
        <Button variant="ghost" onClick={() => void complete(true)} disabled={finishing} data-testid="skip-onboarding">
          Skip setup
        </Button>
      </div>
      <ol className="stepper" aria-label="Setup progress">
        {STEP_IDS.map((id, i) => {
          const done = state.steps.find((s) => s.id === id)?.completed;
          const cls = id === step ? 'current' : done || i < index ? 'done' : '';
          return (
            <li key={id} className={cls} aria-current={id === step ? 'step' : undefined}>
              <span className="bar" />
              <span>
                {i + 1}. {STEP_TITLES[id]}
                {done && id !== step ? <span className="sr-only"> (done)</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
      <main className="card onboarding-card" id="main" aria-labelledby="onboarding-title">
        <div className="card-body">
          {step === 'welcome' && (
            <WelcomeStep
              name={firstName}
              onNext={() => persist(advance(state))}
              onSkipCloud={() => persist(advance(advance(state)))}
            />
          )}
          {step === 'cloud-providers' && (
            <CloudStep
              onBack={() => persist(goBack(state))}
              onNext={() => persist(advance(state))}
              onSkip={() => persist(advance(state))}
            />
          )}
          {step === 'demo-or-real' && (
            <DemoOrRealStep
              onBack={() => persist(goBack(state))}
              onNext={() => persist(advance(state))}
            />
          )}
          {step === 'preferences' && (
            <PreferencesStep
              finishing={finishing}
              onBack={() => persist(goBack(state))}
              onFinish={() => void complete(false)}
            />
          )}
        </div>
      </main>
    </div>
  );
}

function WelcomeStep({ name, onNext, onSkipCloud }: { name?: string; onNext: () => void; onSkipCloud: () => void }) {
  return (
    <>
      <div className="hero-icon">
        <IconSparkles />
      </div>
      <div className="stack-sm">
        <h1 id="onboarding-title">Welcome to CloudWeave{name ? `, ${name}` : ''}</h1>
        <p className="muted">
          Let's get your workspace ready. It takes about a minute — and you can skip any step.
        </p>
      </div>
      <div className="grid-3">
        {[
          { Icon: IconCloud, t: 'Connect your clouds', d: 'AWS, Azure and Google Cloud in one inventory.' },
          { Icon: IconServer, t: 'Operate resources', d: 'Start, stop, reboot and tag from one place.' },
          { Icon: IconFlask, t: 'Or explore a demo', d: 'Realistic sample infrastructure, no credentials needed.' },
        ].map(({ Icon, t, d }) => (
          <div key={t} className="card stat">
            <span className="stat-label">
              <Icon width={16} height={16} /> {t}
            </span>
            <span className="muted">{d}</span>
          </div>
        ))}
      </div>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <Button variant="ghost" size="lg" onClick={onSkipCloud} data-testid="skip-cloud-setup">
          Skip cloud setup
        </Button>
        <Button variant="primary" size="lg" onClick={onNext} data-testid="onboarding-start">
          Get started
        </Button>
      </div>
    </>
  );
}

function CloudStep({ onBack, onNext, onSkip }: { onBack: () => void; onNext: () => void; onSkip: () => void }) {
  const providers = useListProvidersQuery();
  const [connected, setConnected] = useState<{ provider: CloudProvider; validation: ProviderValidation | null } | null>(null);
  const existing = (providers.data ?? []).filter((p) => !p.isDemo);
  return (
    <>
      <div className="stack-sm">
        <h1 id="onboarding-title">Connect a cloud account</h1>
        <p className="muted">
          CloudWeave reads your inventory with the credentials you provide. You can add more accounts later in Settings.
        </p>
      </div>
      {existing.length > 0 && !connected && (
        <div className="callout success">
          <IconCheck />
          <span>
            Already connected: {existing.map((p) => p.name).join(', ')}.
          </span>
        </div>
      )}
      {connected ? (
        <div className="stack">
          {connected.validation ? (
            <ValidationResult result={connected.validation} />
          ) : (
            <div className="callout">{connected.provider.name} was added. Its connection will be checked shortly.</div>
          )}
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setConnected(null)}>Add another</Button>
            <Button variant="primary" onClick={onNext}>
              Continue
            </Button>
          </div>
        </div>
      ) : (
        <ConnectProviderForm
          kinds={['aws', 'azure', 'gcp']}
          onConnected={(provider, validation) => setConnected({ provider, validation })}
        />
      )}
      <div className="row-between" style={{ borderTop: '1px solid var(--border)', paddingTop: 16 }}>
        <Button variant="ghost" onClick={onBack}>
          Back
        </Button>
        <Button onClick={onSkip} data-testid="skip-cloud-setup">
          {existing.length ? 'Continue' : 'Skip for now'}
        </Button>
      </div>
    </>
  );
}

function DemoOrRealStep({ onBack, onNext }: { onBack: () => void; onNext: () => void }) {
  const toast = useToast();
  const [scenario, setScenario] = useState<DemoScenario>('startup');
  const [loadDemo, { isLoading }] = useLoadDemoMutation();
  const providers = useListProvidersQuery();
  const hasReal = (providers.data ?? []).some((p) => !p.isDemo);

  const useDemo = async () => {
    try {
      await loadDemo({ scenario }).unwrap();
      toast.success('Demo data loaded', 'Sample infrastructure is ready to explore.');
      onNext();
    } catch (e) {
      toast.error('Could not load demo data', errorMessage(e));
    }
  };

  return (
    <>
      <div className="stack-sm">
        <h1 id="onboarding-title">Choose your experience</h1>
        <p className="muted">Explore with realistic demo data, or go straight to your real infrastructure.</p>
      </div>
      <div className="grid-2">
        <div className="card card-body stack">
          <div className="choice-title">
            <IconFlask width={18} height={18} /> Explore with demo data
          </div>
          <p className="muted">A simulated cloud account with live-looking metrics and costs. Remove it any time.</p>
          <div role="radiogroup" aria-label="Demo scenario" className="stack-sm">
            {SCENARIOS.map((s) => (
              <button
                key={s.id}
                type="button"
                role="radio"
                aria-checked={scenario === s.id}
                className="choice"
                style={{ padding: 10 }}
                onClick={() => setScenario(s.id)}
              >
                <span className="choice-title">{s.title}</span>
                <p>{s.text}</p>
              </button>
            ))}
          </div>
          <Button variant="primary" onClick={useDemo} loading={isLoading} data-testid="use-demo-data">
            Use demo data
          </Button>
        </div>
        <div className="card card-body stack">
          <div className="choice-title">
            <IconCloud width={18} height={18} /> Use my real infrastructure
          </div>
          <p className="muted">
            {hasReal
              ? 'Your connected accounts will sync in the background; resources appear as they are discovered.'
              : 'You have not connected an account yet. You can do that any time from Settings → Cloud accounts.'}
          </p>
          <span className="grow" />
          <Button onClick={onNext} data-testid="use-real-data">
            Continue without demo data
          </Button>
        </div>
      </div>
      <div className="row-between" style={{ borderTop: '1px solid var(--border)', paddingTop: 16 }}>
        <Button variant="ghost" onClick={onBack}>
          Back
        </Button>
      </div>
    </>
  );
}

function PreferencesStep({ onBack, onFinish, finishing }: { onBack: () => void; onFinish: () => void; finishing: boolean }) {
  const { preferences, save } = usePreferences();
  const [prefs, setPrefs] = useState<Preferences>(() => mergePreferences(DEFAULT_PREFERENCES, {}));
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (!preferences || touched) return;
    // A new account starts in UTC (the server's default): propose the zone this browser is in.
    const browser = browserTimeZone();
    if (preferences.timezone === 'UTC' && browser !== 'UTC') {
      setPrefs({ ...preferences, timezone: browser });
      setTouched(true);
    } else setPrefs(preferences);
  }, [preferences, touched]);
  const update = (p: Partial<Preferences>) => {
    setTouched(true);
    setPrefs((x) => mergePreferences(x, p));
  };
  const zones = timeZoneOptions(prefs.timezone);
  return (
    <>
      <div className="stack-sm">
        <h1 id="onboarding-title">Set your preferences</h1>
        <p className="muted">You can change these any time in Settings.</p>
      </div>
      <div className="stack">
        <div className="field">
          <span className="field-label" id="theme-label">
            Theme
          </span>
          <SegmentedControl
            label="Theme"
            value={prefs.theme}
            onChange={(theme) => {
              update({ theme });
              setThemePreference(theme);
            }}
            options={[
              { value: 'system', label: 'System', icon: <IconMonitor /> },
              { value: 'light', label: 'Light', icon: <IconSun /> },
              { value: 'dark', label: 'Dark', icon: <IconMoon /> },
            ]}
          />
        </div>
        <SelectField
          label="Time zone"
          value={prefs.timezone}
          onChange={(e) => update({ timezone: e.target.value })}
          hint="Dates and times in CloudWeave are shown in this zone."
          data-testid="onboarding-timezone"
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {timeZoneLabel(z)}
            </option>
          ))}
        </SelectField>
        {/* Notification choices are not offered yet: they would have no effect until
            notifications exist (a later platform issue). */}
      </div>
      <div className="row-between" style={{ borderTop: '1px solid var(--border)', paddingTop: 16 }}>
        <Button variant="ghost" onClick={onBack} disabled={finishing}>
          Back
        </Button>
        <Button
          variant="primary"
          size="lg"
          loading={finishing}
          data-testid="complete-onboarding"
          onClick={async () => {
            if (touched) {
              await save(prefs).catch(() => undefined);
              setDisplayTimeZone(prefs.timezone);
            }
            onFinish();
          }}
        >
          Finish setup
        </Button>
      </div>
    </>
  );
}
