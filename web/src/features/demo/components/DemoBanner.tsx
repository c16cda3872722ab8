import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { Skeleton } from '@/components/States';
import { IconFlask } from '@/components/icons';
import { useExitDemoMutation, useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { useToast } from '@/lib/toast/useToast';
import { formatNumber, humanize } from '@/lib/format';

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** What "Exit demo" removes, counted from the cloud accounts list (demo accounts carry isDemo). */
function ExitDemoSummary() {
  const providers = useListProvidersQuery();
  if (providers.isLoading) {
    return (
      <span className="stack-sm" aria-busy="true" aria-label="Counting demo data">
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </span>
    );
  }
  const all = providers.data ?? [];
  const demo = all.filter((p) => p.isDemo);
  const own = all.filter((p) => !p.isDemo);
  const resources = demo.reduce((n, p) => n + (p.resourceCount ?? 0), 0);
  return (
    <span className="stack-sm" data-testid="exit-demo-summary">
      {providers.error ? (
        <span>This removes every demo cloud account and every resource discovered through them.</span>
      ) : (
        <>
          <span>This permanently removes from CloudWeave:</span>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            <li data-testid="exit-demo-accounts">
              {demo.length === 0 ? 'the demo cloud accounts' : plural(demo.length, 'demo cloud account', 'demo cloud accounts')}
              {demo.length > 0 && <span className="faint"> ({demo.map((p) => p.name).join(', ')})</span>}
            </li>
            <li data-testid="exit-demo-resources">
              {plural(resources, 'demo resource', 'demo resources')} and any you created in demo mode
            </li>
          </ul>
        </>
      )}
      <span>
        {own.length > 0
          ? `Your own ${plural(own.length, 'cloud account', 'cloud accounts')} and their resources stay as they are.`
          : 'Nothing in any real cloud is touched. You can load demo data again at any time.'}
      </span>
    </span>
  );
}

/** Shown on every page while the organization is in demo mode. */
export function DemoBanner({ scenario, canExit }: { scenario?: string | null; canExit: boolean }) {
  const navigate = useNavigate();
  const toast = useToast();
  const [exitDemo, { isLoading }] = useExitDemoMutation();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="demo-banner" role="region" aria-label="Demo mode" data-testid="demo-indicator">
      <IconFlask />
      <span>
        <strong>Demo data — sample infrastructure</strong>
        {scenario ? <span> · {humanize(scenario)} scenario</span> : null}
        <span className="sr-only"> Nothing here touches a real cloud account.</span>
      </span>
      <span className="grow" />
      <Button size="sm" variant="primary" onClick={() => navigate('/settings/cloud-accounts')}>
        Connect a real cloud
      </Button>
      {canExit && (
        <Button size="sm" onClick={() => setConfirming(true)} data-testid="exit-demo">
          Exit demo
        </Button>
      )}
      <Dialog
        open={confirming}
        role="alertdialog"
        title="Remove the demo data?"
        onClose={() => !isLoading && setConfirming(false)}
        footer={
          <>
            <Button onClick={() => setConfirming(false)} disabled={isLoading} data-autofocus>
              Keep demo data
            </Button>
            <Button
              variant="danger"
              loading={isLoading}
              data-testid="confirm-exit-demo"
              onClick={async () => {
                try {
                  await exitDemo().unwrap();
                  setConfirming(false);
                  toast.success('Demo data removed', 'Connect a cloud account to see your real infrastructure.');
                  navigate('/dashboard');
                } catch (e) {
                  setConfirming(false);
                  toast.error('Could not exit demo mode', errorMessage(e));
                }
              }}
            >
              Remove demo data
            </Button>
          </>
        }
      >
        <div className="dialog-body muted">
          <ExitDemoSummary />
        </div>
      </Dialog>
    </div>
  );
}
