import { Button } from '@/components/Button';
import { IconPlay, IconRefresh, IconStop, IconTrash } from '@/components/icons';
import type { Resource } from '@/lib/api/types';
import type { PendingAction } from '../types';

/** Start / stop / reboot / delete buttons valid for the resource's current status. */
export function ResourceActions({
  resource,
  onAction,
  compact,
}: {
  resource: Pick<Resource, 'id' | 'name' | 'status'>;
  onAction: (a: PendingAction) => void;
  compact?: boolean;
}) {
  const { status, id, name } = resource;
  const busy = status === 'provisioning';
  const gone = status === 'terminated';
  const act = (kind: PendingAction['kind']) => () => onAction({ kind, id, name });
  const size = compact ? 'sm' : 'md';
  const label = (verb: string) => (compact ? undefined : verb);
  return (
    <div className="row" onClick={(e) => e.stopPropagation()}>
      {(status === 'stopped' || status === 'error') && (
        <Button size={size} variant={compact ? 'ghost' : 'secondary'} icon={<IconPlay />} aria-label={`Start ${name}`} onClick={act('start')}>
          {label('Start')}
        </Button>
      )}
      {status === 'running' && (
        <>
          <Button size={size} variant={compact ? 'ghost' : 'secondary'} icon={<IconStop />} aria-label={`Stop ${name}`} onClick={act('stop')}>
            {label('Stop')}
          </Button>
          <Button size={size} variant={compact ? 'ghost' : 'secondary'} icon={<IconRefresh />} aria-label={`Reboot ${name}`} onClick={act('reboot')}>
            {label('Reboot')}
          </Button>
        </>
      )}
      {!gone && (
        <Button
          size={size}
          variant={compact ? 'ghost' : 'danger'}
          icon={<IconTrash />}
          aria-label={`Delete ${name}`}
          onClick={act('delete')}
          disabled={busy}
        >
          {label('Delete')}
        </Button>
      )}
    </div>
  );
}
