import { useNavigate } from 'react-router';
import { Button } from '@/components/Button';
import { IconFlask } from '@/components/icons';
import { useExitDemoMutation } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import { useToast } from '@/lib/toast/useToast';
import { humanize } from '@/lib/format';

/** Shown on every page while the organization is in demo mode. */
export function DemoBanner({ scenario, canExit }: { scenario?: string | null; canExit: boolean }) {
  const navigate = useNavigate();
  const toast = useToast();
  const [exitDemo, { isLoading }] = useExitDemoMutation();
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
        <Button
          size="sm"
          loading={isLoading}
          onClick={async () => {
            try {
              await exitDemo().unwrap();
              toast.success('Demo data removed', 'Connect a cloud account to see your real infrastructure.');
            } catch (e) {
              toast.error('Could not exit demo mode', errorMessage(e));
            }
          }}
        >
          Exit demo
        </Button>
      )}
    </div>
  );
}
