import { useState } from 'react';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconList } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import { NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from '@/lib/api/types';
import { CHANNEL_TYPE_LABEL, NOTIFICATION_KIND_TEXT } from '@/lib/notificationKinds';
import { useToast } from '@/lib/toast/useToast';
import { useUpdateNotificationChannelMutation } from '../api/notificationChannelsApi';
import { sameKinds, sortKinds } from '../utils/channelForm';
import type { ChannelViewProps } from './NotificationChannels';

/**
 * Rules: which kinds of notification each channel receives, as a matrix (kinds × channels).
 * Changes are a draft until "Save rules", which PATCHes the `events` of each channel changed.
 */
export function NotificationRules({ channels, loading, error, onRetry, canManage }: ChannelViewProps) {
  // Only the channels being edited; the others show what the server has.
  const [edits, setEdits] = useState<Record<string, NotificationKind[]>>({});
  const [saving, setSaving] = useState(false);
  const [update] = useUpdateNotificationChannelMutation();
  const toast = useToast();

  const list = channels ?? [];
  const eventsOf = (c: NotificationChannel) => edits[c.id] ?? c.events;
  const changed = list.filter((c) => edits[c.id] && !sameKinds(edits[c.id], c.events));

  const toggle = (c: NotificationChannel, kind: NotificationKind, on: boolean) => {
    const current = eventsOf(c);
    setEdits((e) => ({ ...e, [c.id]: sortKinds(on ? [...current, kind] : current.filter((k) => k !== kind)) }));
  };

  const save = async () => {
    setSaving(true);
    const results = await Promise.allSettled(changed.map((c) => update({ id: c.id, events: sortKinds(edits[c.id]) }).unwrap()));
    setSaving(false);
    const failed: string[] = [];
    const done = new Set<string>();
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') done.add(changed[i].id);
      else failed.push(`${changed[i].name}: ${errorMessage(r.reason)}`);
    });
    setEdits((e) => Object.fromEntries(Object.entries(e).filter(([id]) => !done.has(id))));
    if (failed.length) toast.error(done.size ? 'Some rules were not saved' : 'Could not save the rules', failed.join('; '));
    else toast.success('Rules saved');
  };

  let body;
  if (loading) {
    body = (
      <div className="card-body stack-sm" aria-busy="true">
        <Skeleton />
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </div>
    );
  } else if (error && !list.length) {
    body = <ErrorState message={errorMessage(error)} onRetry={onRetry} />;
  } else if (!list.length) {
    body = <EmptyState icon={<IconList />} title="No rules yet" description="Rules appear once there is a channel to send to." />;
  } else {
    body = (
      <div className="table-wrap" role="region" aria-label="Rules: notification kinds by channel" tabIndex={0}>
        <table className="table rules-table" data-testid="rules-matrix">
          <caption className="sr-only">Which kinds of notification each channel receives</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              {list.map((c) => (
                <th key={c.id} scope="col" className="rule-col">
                  {c.name}
                  <span className="cell-sub">
                    {CHANNEL_TYPE_LABEL[c.type]}
                    {!c.enabled && ' · disabled'}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {NOTIFICATION_KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">
                  <span className="cell-title">{NOTIFICATION_KIND_TEXT[kind].label}</span>
                  <span className="cell-sub" style={{ display: 'block' }}>
                    {NOTIFICATION_KIND_TEXT[kind].help}
                  </span>
                </th>
                {list.map((c) => (
                  <td key={c.id} className="rule-cell">
                    <input
                      type="checkbox"
                      className="table-check"
                      checked={eventsOf(c).includes(kind)}
                      disabled={!canManage || saving}
                      onChange={(e) => toggle(c, kind, e.target.checked)}
                      aria-label={`${NOTIFICATION_KIND_TEXT[kind].label} to ${c.name}`}
                      data-testid={`rule-${kind}-${c.id}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <Card>
      <CardHeader
        title="Rules"
        description={
          canManage
            ? 'Which kinds of notification each channel receives. Members also choose the kinds they get in their own preferences.'
            : 'Which kinds of notification each channel receives. Only admins and owners can change rules.'
        }
        actions={
          canManage &&
          list.length > 0 && (
            <>
              {changed.length > 0 && (
                <span className="faint" role="status" data-testid="rules-unsaved">
                  {changed.length === 1 ? '1 channel changed' : `${changed.length} channels changed`}
                </span>
              )}
              <Button variant="ghost" onClick={() => setEdits({})} disabled={!changed.length || saving}>
                Reset
              </Button>
              <Button variant="primary" onClick={() => void save()} loading={saving} disabled={!changed.length} data-testid="rules-save">
                Save rules
              </Button>
            </>
          )
        }
      />
      {body}
    </Card>
  );
}
