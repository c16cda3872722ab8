import { useState } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { ConfirmDialog } from '@/components/Dialog';
import { DataTable, type Column } from '@/components/DataTable';
import { Switch } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconBell, IconPlus, IconSettings, IconTrash } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import { NOTIFICATION_KINDS, type ChannelTestResult, type NotificationChannel, type NotificationKind } from '@/lib/api/types';
import { CHANNEL_TYPE_LABEL, NOTIFICATION_KIND_TEXT } from '@/lib/notificationKinds';
import { useToast } from '@/lib/toast/useToast';
import {
  useDeleteNotificationChannelMutation,
  useTestNotificationChannelMutation,
  useUpdateNotificationChannelMutation,
} from '../api/notificationChannelsApi';
import { ChannelDialog } from './ChannelDialog';

type TestState = ChannelTestResult | 'sending';

/** What a channel's last "Send test" said, exactly as the server put it. */
export function ChannelTestOutcome({ channel, result }: { channel: NotificationChannel; result: ChannelTestResult }) {
  if (result.delivered) {
    return (
      <div className="callout success" role="status" data-testid="channel-test-result" data-delivered="true">
        <div className="stack-sm" style={{ gap: 2 }}>
          <strong>Test delivered</strong>
          <span>{channel.type === 'in_app' ? 'It is in your notification center (the bell).' : `Check ${channel.target ?? 'the destination'}.`}</span>
        </div>
      </div>
    );
  }
  return (
    <div className="callout danger" role="status" data-testid="channel-test-result" data-delivered="false">
      <div className="stack-sm" style={{ gap: 2 }}>
        <strong>Test not delivered</strong>
        <span className="mono" style={{ overflowWrap: 'anywhere' }} data-testid="channel-test-error">
          {result.error || 'The server gave no reason.'}
        </span>
      </div>
    </div>
  );
}

/** The kinds a channel receives, short: "All kinds", "All but Vault", or the few it has. */
function Kinds({ channel }: { channel: NotificationChannel }) {
  const has = NOTIFICATION_KINDS.filter((k) => channel.events.includes(k));
  const lacks = NOTIFICATION_KINDS.filter((k) => !channel.events.includes(k));
  const label = (k: NotificationKind) => NOTIFICATION_KIND_TEXT[k].label;
  if (!has.length) return <span className="faint">Nothing</span>;
  if (!lacks.length) return <Badge tone="accent">All kinds</Badge>;
  if (lacks.length <= 2 && has.length > lacks.length) {
    return <span title={has.map(label).join(', ')}>All but {lacks.map(label).join(' and ')}</span>;
  }
  return (
    <span className="kind-list">
      {has.map((k) => (
        <Badge key={k}>{label(k)}</Badge>
      ))}
    </span>
  );
}

/** What the channel list and the rules matrix are given: the channels as loaded, and who looks. */
export interface ChannelViewProps {
  channels: NotificationChannel[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  canManage: boolean;
}

export function NotificationChannels({ channels, loading, error, onRetry, canManage }: ChannelViewProps) {
  const [editing, setEditing] = useState<NotificationChannel | 'new' | null>(null);
  const [toDelete, setToDelete] = useState<NotificationChannel | null>(null);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [toggling, setToggling] = useState<string | null>(null);
  const [testChannel] = useTestNotificationChannelMutation();
  const [updateChannel] = useUpdateNotificationChannelMutation();
  const [deleteChannel, deleteState] = useDeleteNotificationChannelMutation();
  const toast = useToast();

  const sendTest = async (c: NotificationChannel) => {
    setTests((t) => ({ ...t, [c.id]: 'sending' }));
    try {
      const r = await testChannel(c.id).unwrap();
      setTests((t) => ({ ...t, [c.id]: r }));
    } catch (e) {
      // The test itself could not run (no permission, channel gone, server down).
      setTests((t) => ({ ...t, [c.id]: { delivered: false, error: errorMessage(e) } }));
    }
  };

  const setEnabled = async (c: NotificationChannel, enabled: boolean) => {
    setToggling(c.id);
    try {
      await updateChannel({ id: c.id, enabled }).unwrap();
      toast.success(enabled ? 'Channel enabled' : 'Channel disabled', c.name);
    } catch (e) {
      toast.error('Could not change the channel', errorMessage(e));
    } finally {
      setToggling(null);
    }
  };

  const columns: Column<NotificationChannel>[] = [
    {
      key: 'name',
      header: 'Channel',
      render: (c) => {
        const t = tests[c.id];
        return (
          <div className="stack-sm" style={{ gap: 4, whiteSpace: 'normal', minWidth: 180 }}>
            <span className="cell-title">{c.name}</span>
            {t && t !== 'sending' && <ChannelTestOutcome channel={c} result={t} />}
          </div>
        );
      },
    },
    { key: 'type', header: 'Type', render: (c) => <Badge tone="info">{CHANNEL_TYPE_LABEL[c.type]}</Badge> },
    {
      key: 'target',
      header: 'Target',
      render: (c) => <span className="mono" style={{ fontSize: 12 }}>{c.target ?? (c.type === 'in_app' ? 'in-app' : '—')}</span>,
    },
    { key: 'events', header: 'Receives', render: (c) => <Kinds channel={c} /> },
    {
      key: 'enabled',
      header: 'Enabled',
      render: (c) =>
        canManage ? (
          <Switch
            checked={c.enabled}
            label={`${c.name} enabled`}
            busy={toggling === c.id}
            onChange={(on) => void setEnabled(c, on)}
            data-testid="channel-enabled-switch"
          />
        ) : (
          <Badge tone={c.enabled ? 'success' : 'neutral'} dot>
            {c.enabled ? 'Enabled' : 'Disabled'}
          </Badge>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'col-actions',
      render: (c) => (
        <div className="row" style={{ gap: 4, justifyContent: 'flex-end' }}>
          <Button size="sm" icon={<IconBell />} loading={tests[c.id] === 'sending'} onClick={() => void sendTest(c)} data-testid="channel-test">
            Send test <span className="sr-only">to {c.name}</span>
          </Button>
          <Button size="sm" variant="ghost" icon={<IconSettings />} onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`} data-testid="channel-edit" />
          <Button size="sm" variant="ghost" icon={<IconTrash />} onClick={() => setToDelete(c)} aria-label={`Delete ${c.name}`} data-testid="channel-delete" />
        </div>
      ),
    });
  }

  return (
    <Card>
      <CardHeader
        title="Channels"
        description={
          canManage
            ? 'Where CloudWeave sends your organization’s notifications. Secrets are encrypted and never shown again.'
            : 'Where CloudWeave sends your organization’s notifications. Only admins and owners can change channels.'
        }
        actions={
          canManage && (
            <Button variant="primary" icon={<IconPlus />} onClick={() => setEditing('new')} data-testid="add-channel">
              Add channel
            </Button>
          )
        }
      />
      <DataTable
        caption="Notification channels"
        testId="channels-table"
        columns={columns}
        rows={channels}
        getRowId={(c) => c.id}
        loading={loading}
        error={error ? errorMessage(error) : null}
        onRetry={onRetry}
        skeletonRows={3}
        empty={
          <EmptyState
            icon={<IconBell />}
            title="No notification channels"
            description={
              canManage
                ? 'Add an in-app channel for the bell, email through your SMTP server, Slack, or a signed webhook.'
                : 'An administrator has not set up any notification channels yet.'
            }
            action={
              canManage ? (
                <Button variant="primary" size="sm" icon={<IconPlus />} onClick={() => setEditing('new')}>
                  Add channel
                </Button>
              ) : undefined
            }
          />
        }
      />
      <ChannelDialog open={editing !== null} channel={editing === 'new' || editing === null ? undefined : editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={!!toDelete}
        title="Delete channel"
        danger
        confirmLabel="Delete channel"
        loading={deleteState.isLoading}
        message={
          <>
            Delete <strong>{toDelete?.name}</strong> and its delivery log? Deliveries still waiting to be sent through it are dropped.
          </>
        }
        onCancel={() => setToDelete(null)}
        onConfirm={async () => {
          if (!toDelete) return;
          try {
            await deleteChannel(toDelete.id).unwrap();
            toast.success('Channel deleted', toDelete.name);
          } catch (e) {
            toast.error('Could not delete the channel', errorMessage(e));
          } finally {
            setToDelete(null);
          }
        }}
      />
    </Card>
  );
}
