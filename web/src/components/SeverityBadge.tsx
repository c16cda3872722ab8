import { Badge, type Tone } from '@/components/Badge';
import type { SecuritySeverity } from '@/lib/api/types';

export const SEVERITIES: SecuritySeverity[] = ['critical', 'high', 'medium', 'low', 'informational'];

const TONES: Record<SecuritySeverity, Tone> = {
  critical: 'danger',
  high: 'danger',
  medium: 'warning',
  low: 'info',
  informational: 'neutral',
};

/** Chart colours per severity: the theme's danger to neutral scale. */
export const SEVERITY_COLORS: Record<SecuritySeverity, string> = {
  critical: 'var(--sev-critical)',
  high: 'var(--sev-high)',
  medium: 'var(--sev-medium)',
  low: 'var(--sev-low)',
  informational: 'var(--sev-info)',
};

export const severityLabel = (s: string) => (s === 'informational' ? 'Info' : s.charAt(0).toUpperCase() + s.slice(1));

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge tone={TONES[severity as SecuritySeverity] ?? 'neutral'} dot>
      {severityLabel(severity)}
    </Badge>
  );
}
