import { useSelector } from 'react-redux';
import { IconActivity, IconCloud, IconServer, IconShield, IconUser, IconBell, IconBuilding, IconVault } from '@/components/icons';
import { EmptyState, Skeleton } from '@/components/States';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import type { AuditEntry, RealtimeEvent } from '@/lib/api/types';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { exhaustive } from '@/lib/realtime/events';
import { auditSentence } from './auditWords';

interface Item {
  id: string;
  icon: React.ReactNode;
  text: React.ReactNode;
  when: string;
  live?: boolean;
}

/** The contract leaves `user.*` data an open object (a User in practice): read the email safely. */
function memberLabel(data: object): string {
  if ('email' in data && typeof data.email === 'string') return data.email;
  if ('name' in data && typeof data.name === 'string') return data.name;
  return '';
}

const USER_VERB = { 'user.created': 'added', 'user.updated': 'updated', 'user.deleted': 'removed' } as const;

function describeEvent(e: RealtimeEvent, accountName: (id: string) => string): Item | null {
  const base = { when: e.timestamp, live: true };
  switch (e.type) {
    case 'resource.created':
      return { ...base, id: `${e.type}:${e.data.id}:${e.timestamp}`, icon: <IconServer />, text: <>Resource <strong>{e.data.name}</strong> created</> };
    case 'resource.updated':
      return {
        ...base,
        id: `${e.type}:${e.data.id}:${e.timestamp}`,
        icon: <IconServer />,
        text: (
          <>
            <strong>{e.data.name}</strong> is now {humanize(e.data.status)}
          </>
        ),
      };
    case 'resource.deleted':
      return { ...base, id: `${e.type}:${e.data.id}:${e.timestamp}`, icon: <IconServer />, text: <>Resource <strong>{e.data.externalId}</strong> deleted</> };
    case 'sync.completed': {
      const name = accountName(e.data.accountId);
      const id = `${e.type}:${e.data.accountId}:${e.timestamp}`;
      if (e.data.status === 'error') {
        return { ...base, id, icon: <IconCloud />, text: <>Sync of <strong>{name}</strong> failed: {e.data.error.message || e.data.error.code}</> };
      }
      return { ...base, id, icon: <IconCloud />, text: <>Sync of <strong>{name}</strong> finished</> };
    }
    case 'user.created':
    case 'user.updated':
    case 'user.deleted':
      return { ...base, id: `${e.type}:${e.timestamp}:${memberLabel(e.data)}`, icon: <IconUser />, text: <>Member <strong>{memberLabel(e.data)}</strong> {USER_VERB[e.type]}</> };
    case 'organization.updated':
      return { ...base, id: `${e.type}:${e.timestamp}`, icon: <IconBuilding />, text: <>Organization settings updated</> };
    case 'notification':
      return { ...base, id: `${e.type}:${e.data.id}`, icon: <IconBell />, text: <>{e.data.title}</> };
    case 'sync.progress':
    case 'job.progress':
      return null; // progress is shown where the work is, not as activity
    case 'security.scan_completed':
      return {
        ...base,
        id: `${e.type}:${e.data.scanId}`,
        icon: <IconShield />,
        text: (
          <>
            Security scan: <strong>{e.data.new}</strong> new, {e.data.resolved} resolved, {e.data.open} open
          </>
        ),
      };
    case 'alert.pending':
    case 'alert.fired':
    case 'alert.resolved': {
      const verb = e.type === 'alert.pending' ? 'pending' : e.type === 'alert.fired' ? 'firing' : 'resolved';
      return {
        ...base,
        id: `${e.type}:${e.data.id}:${e.timestamp}`,
        icon: <IconActivity />,
        text: (
          <>
            Alert <strong>{e.data.ruleName}</strong>
            {e.data.resourceName ? <> on <strong>{e.data.resourceName}</strong></> : null} {verb}
          </>
        ),
      };
    }
    case 'vault.file.uploaded':
      return {
        ...base,
        id: `${e.type}:${e.data.versionId ?? e.timestamp}`,
        icon: <IconVault />,
        text: (
          <>
            <strong>{e.data.name}</strong> uploaded to the vault
          </>
        ),
      };
    case 'vault.item.trashed':
      return {
        ...base,
        id: `${e.type}:${e.data.itemId ?? e.timestamp}`,
        icon: <IconVault />,
        text: (
          <>
            <strong>{e.data.name}</strong> moved to the vault&apos;s trash
          </>
        ),
      };
    case 'cost.anomaly_detected':
    case 'budget.threshold_crossed':
    case 'security.findings_opened':
    case 'vault.share.downloaded':
      return null; // each also arrives as a notification, which the feed shows
    case 'vault.file.processed':
      return null; // the upload itself is in the feed already
    default:
      exhaustive(e);
      return null;
  }
}

function describeAudit(a: AuditEntry): Item {
  const ok = a.result === 'success';
  const actor = a.userEmail ?? (a.apiKeyId ? 'An API key' : 'CloudWeave');
  return {
    id: a.id,
    icon: a.result === 'denied' ? <IconShield /> : <IconActivity />,
    text: (
      <>
        <strong>{actor}</strong> {auditSentence(a.action, a.result, a.details as Record<string, unknown> | null)}
        {!ok && <span className="faint"> ({a.result === 'denied' ? 'denied' : 'failed'})</span>}
      </>
    ),
    when: a.timestamp,
  };
}

export function ActivityFeed({ audit, loading }: { audit: AuditEntry[] | undefined; loading: boolean }) {
  const tz = useDisplayTimeZone();
  const live = useSelector((s: { realtime: { activity: RealtimeEvent[] } }) => s.realtime.activity);
  const providers = useListProvidersQuery();
  const accountName = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? 'a cloud account';
  const items: Item[] = [
    ...live.map((e) => describeEvent(e, accountName)).filter((x): x is Item => !!x),
    ...(audit ?? []).map(describeAudit),
  ]
    .sort((a, b) => (a.when < b.when ? 1 : -1))
    .slice(0, 12);

  if (loading && items.length === 0) {
    return (
      <div className="card-body stack-sm" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} width={`${80 - i * 10}%`} />
        ))}
      </div>
    );
  }
  if (items.length === 0) {
    return <EmptyState title="No activity yet" description="Changes to resources, accounts and members appear here as they happen." icon={<IconActivity />} />;
  }
  return (
    <ul className="activity" aria-live="polite" aria-label="Recent activity">
      {items.map((i) => (
        <li key={i.id}>
          <span className="activity-icon" aria-hidden="true">
            {i.icon}
          </span>
          <span>{i.text}</span>
          <time className="when" dateTime={i.when} title={formatDateTime(i.when, tz)}>
            {formatRelative(i.when)}
          </time>
        </li>
      ))}
    </ul>
  );
}
