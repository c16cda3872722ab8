import { useSelector } from 'react-redux';
import { IconActivity, IconCloud, IconServer, IconShield, IconUser, IconBell } from '@/components/icons';
import { EmptyState, Skeleton } from '@/components/States';
import type { AuditEntry, RealtimeEvent } from '@/lib/api/types';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { auditSentence } from './auditWords';

interface Item {
  id: string;
  icon: React.ReactNode;
  text: React.ReactNode;
  when: string;
  live?: boolean;
}

function describeEvent(e: RealtimeEvent): Item | null {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const r = (d.resource as Record<string, unknown> | undefined) ?? d;
  const name = (r.name as string | undefined) ?? (d.name as string | undefined);
  const id = `${e.type}:${(r.id as string) ?? ''}:${e.timestamp}`;
  switch (e.type) {
    case 'resource.created':
      return { id, icon: <IconServer />, text: <>Resource <strong>{name ?? 'unnamed'}</strong> created</>, when: e.timestamp, live: true };
    case 'resource.updated':
      return {
        id,
        icon: <IconServer />,
        text: (
          <>
            <strong>{name ?? 'A resource'}</strong> {r.status ? <>is now {humanize(String(r.status))}</> : 'was updated'}
          </>
        ),
        when: e.timestamp,
        live: true,
      };
    case 'resource.deleted':
      return { id, icon: <IconServer />, text: <>Resource <strong>{name ?? ''}</strong> deleted</>, when: e.timestamp, live: true };
    case 'sync.completed':
      return { id, icon: <IconCloud />, text: <>Sync of <strong>{(d.providerName as string) ?? 'a cloud account'}</strong> finished</>, when: e.timestamp, live: true };
    case 'user.created':
    case 'user.updated':
    case 'user.deleted':
      return { id, icon: <IconUser />, text: <>Member <strong>{(d.email as string) ?? name ?? ''}</strong> {e.type.split('.')[1]}</>, when: e.timestamp, live: true };
    case 'alert.fired':
      return { id, icon: <IconBell />, text: <>Alert fired: <strong>{name ?? (d.title as string) ?? ''}</strong></>, when: e.timestamp, live: true };
    case 'notification':
      return { id, icon: <IconBell />, text: <>{(d.title as string) ?? (d.message as string) ?? 'Notification'}</>, when: e.timestamp, live: true };
    default:
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
  const items: Item[] = [
    ...live.map(describeEvent).filter((x): x is Item => !!x),
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
