import { Link } from 'react-router';
import { Button } from '@/components/Button';
import { EmptyState } from '@/components/States';
import { IconCoin, IconPlus } from '@/components/icons';

/** No cost in the range: how cost data gets here, with the ways the caller may use. */
export function CostsEmpty({ filtered, canConnect, canImport, onImport }: { filtered: boolean; canConnect: boolean; canImport: boolean; onImport: () => void }) {
  if (filtered) {
    return <EmptyState icon={<IconCoin />} title="No cost matches this view" description="Try a longer date range or clear the filters." />;
  }
  return (
    <div data-testid="costs-empty">
      <EmptyState
        icon={<IconCoin />}
        title="No cost data yet"
        description={
          <>
            Costs arrive from connected AWS and Azure accounts (collected every 6 hours, 13 months back the first time) or from a
            FOCUS 1.0 cost file you import.{' '}
            {!canConnect && !canImport && 'Ask an administrator to connect an account or import a file.'}
          </>
        }
        action={
          (canConnect || canImport) && (
            <div className="row" style={{ justifyContent: 'center', flexWrap: 'wrap' }}>
              {canConnect && (
                <Link to="/settings/cloud-accounts" className="btn btn-primary">
                  <IconPlus width={16} height={16} /> Connect a cloud account
                </Link>
              )}
              {canImport && <Button onClick={onImport}>Import a FOCUS file</Button>}
            </div>
          )
        }
      />
    </div>
  );
}
