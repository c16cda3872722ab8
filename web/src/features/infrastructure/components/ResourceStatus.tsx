import { Badge, StatusBadge } from '@/components/Badge';
import { ACTION_COPY, type Transition } from '../utils/actions';

/** The resource's status, or the action under way ("Stopping…") with a spinner. */
export function ResourceStatus({ status, transition }: { status: string; transition?: Transition }) {
  if (!transition) return <StatusBadge status={status} />;
  return (
    <span data-testid="transition-badge">
      <Badge tone="info">
        <span className="badge-spinner" aria-hidden="true" />
        {ACTION_COPY[transition.action].progressive}
      </Badge>
    </span>
  );
}
