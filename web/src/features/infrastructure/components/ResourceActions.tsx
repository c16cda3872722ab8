import { Button } from '@/components/Button';
import { IconPlay, IconRefresh, IconStop, IconTrash } from '@/components/icons';
import type { ResourceAction } from '@/lib/api/types';
import type { PendingAction } from '../types';
import { availableActions, type ActionSubject, type Transition } from '../utils/actions';

const ICONS: Record<ResourceAction, typeof IconPlay> = { start: IconPlay, stop: IconStop, reboot: IconRefresh };
const VERBS: Record<ResourceAction, string> = { start: 'Start', stop: 'Stop', reboot: 'Reboot' };

/**
 * The actions that make sense for the resource now: those its provider supports for its type
 * (`actions`) and its status allows (start when stopped, stop and reboot when running), and
 * Delete. None while an action is under way.
 */
export function ResourceActions({
  resource,
  transition,
  onAction,
  compact,
}: {
  resource: ActionSubject;
  transition?: Transition;
  onAction: (a: PendingAction) => void;
  compact?: boolean;
}) {
  const { status, id, name } = resource;
  const busy = status === 'provisioning' || !!transition;
  const gone = status === 'terminated';
  const act = (kind: PendingAction['kind']) => () => onAction({ kind, id, name, updatedAt: resource.updatedAt });
  const size = compact ? 'sm' : 'md';
  const variant = compact ? 'ghost' : 'secondary';
  const label = (verb: string) => (compact ? undefined : verb);
  const actions = transition ? [] : availableActions(resource);
  return (
    <div className="row nowrap resource-actions" onClick={(e) => e.stopPropagation()}>
      {actions.map((a) => {
        const Icon = ICONS[a];
        return (
          <Button
            key={a}
            size={size}
            variant={variant}
            icon={<Icon />}
            aria-label={`${VERBS[a]} ${name}`}
            title={compact ? VERBS[a] : undefined}
            onClick={act(a)}
            data-testid={`action-${a}`}
          >
            {label(VERBS[a])}
          </Button>
        );
      })}
      {!gone && (
        <Button
          size={size}
          variant={compact ? 'ghost' : 'danger'}
          icon={<IconTrash />}
          aria-label={`Delete ${name}`}
          title={compact ? 'Delete' : undefined}
          onClick={act('delete')}
          disabled={busy}
          data-testid="action-delete"
        >
          {label('Delete')}
        </Button>
      )}
    </div>
  );
}
