import type { ReactNode } from 'react';
import { humanize, providerLabel } from '@/lib/format';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';

export function Badge({ tone = 'neutral', dot, pulse, children }: { tone?: Tone; dot?: boolean; pulse?: boolean; children: ReactNode }) {
  const cls = ['badge', tone !== 'neutral' && `badge-${tone}`, dot && 'badge-dot', pulse && 'badge-pulse']
    .filter(Boolean)
    .join(' ');
  return <span className={cls}>{children}</span>;
}

const STATUS_TONES: Record<string, Tone> = {
  running: 'success',
  connected: 'success',
  active: 'success',
  success: 'success',
  provisioning: 'info',
  pending: 'info',
  syncing: 'info',
  invited: 'info',
  stopped: 'neutral',
  disconnected: 'neutral',
  terminated: 'neutral',
  error: 'danger',
  failure: 'danger',
  denied: 'warning',
  disabled: 'neutral',
};

export function StatusBadge({ status }: { status: string | undefined | null }) {
  const s = status ?? 'unknown';
  const tone = STATUS_TONES[s] ?? 'neutral';
  return (
    <Badge tone={tone} dot pulse={s === 'provisioning' || s === 'pending'}>
      {humanize(s)}
    </Badge>
  );
}

const SHORT: Record<string, string> = { aws: 'AWS', azure: 'AZ', gcp: 'GCP', simulated: 'SIM' };

export function ProviderBadge({ provider, name }: { provider: string | undefined; name?: string }) {
  const p = provider ?? 'simulated';
  return (
    <span className="provider-chip">
      <span className={`provider-logo ${p}`} aria-hidden="true">
        {SHORT[p] ?? p.slice(0, 3).toUpperCase()}
      </span>
      {name ?? providerLabel(p)}
    </span>
  );
}
