import { Badge, type Tone } from '@/components/Badge';
import type { Alert, AlertSeverity } from '@/lib/api/types';

export const ALERT_SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];
const TONES: Record<AlertSeverity, Tone> = { critical: 'danger', warning: 'warning', info: 'info' };
export const alertSeverityLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function AlertSeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge tone={TONES[severity as AlertSeverity] ?? 'neutral'} dot>
      {alertSeverityLabel(severity)}
    </Badge>
  );
}

export function AlertStateBadge({ alert }: { alert: Pick<Alert, 'state' | 'silenced' | 'inhibited'> }) {
  if (alert.state === 'resolved') return <Badge tone="success">Resolved</Badge>;
  return (
    <span className="row wrap" style={{ gap: 4 }}>
      {alert.state === 'firing' ? (
        <Badge tone="danger" dot pulse>
          Firing
        </Badge>
      ) : (
        <Badge tone="info" dot>
          Pending
        </Badge>
      )}
      {alert.silenced && <Badge>Silenced</Badge>}
      {alert.inhibited && <Badge>Inhibited</Badge>}
    </span>
  );
}
