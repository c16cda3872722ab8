import { useState } from 'react';
import { Badge, type Tone } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card, CardHeader } from '@/components/Card';
import { CursorPagination, DataTable, type Column } from '@/components/DataTable';
import { SelectField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconList, IconRefresh } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import { DELIVERY_STATUSES, type DeliveryStatus, type NotificationChannel, type NotificationDelivery } from '@/lib/api/types';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { formatDateTime, formatNumber, formatRelative, humanize } from '@/lib/format';
import { useListNotificationDeliveriesQuery } from '../api/notificationChannelsApi';

export const DELIVERY_PAGE = 25;

const STATUS_TONE: Record<DeliveryStatus, Tone> = { pending: 'info', delivered: 'success', failed: 'warning', dead: 'danger' };
const STATUS_HELP: Record<DeliveryStatus, string> = {
  pending: 'Waiting to be sent',
  delivered: 'Accepted by the destination',
  failed: 'The last attempt failed; another one is scheduled',
  dead: 'Every attempt failed; no more retries',
};

/** The delivery log (email, Slack and webhook channels): filters by channel and status, cursor pages. */
export function DeliveryLog({ channels }: { channels: NotificationChannel[] | undefined }) {
  const [channelId, setChannelId] = useState('');
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const tz = useDisplayTimeZone();
  const q = useListNotificationDeliveriesQuery({
    channelId: channelId || undefined,
    status: status || undefined,
    limit: DELIVERY_PAGE,
    cursor: cursors[cursors.length - 1],
  });
  const filtered = !!(channelId || status);
  // In-app notifications go straight to the centers: they have no delivery log.
  const logged = (channels ?? []).filter((c) => c.type !== 'in_app');
  const channelName = (d: NotificationDelivery) => d.channelName ?? channels?.find((c) => c.id === d.channelId)?.name ?? d.channelId;

  const columns: Column<NotificationDelivery>[] = [
    {
      key: 'time',
      header: 'Time',
      render: (d) => (
        <time dateTime={d.updatedAt} title={formatDateTime(d.updatedAt, tz)} data-testid="delivery-time">
          {formatRelative(d.updatedAt)}
        </time>
      ),
    },
    { key: 'channel', header: 'Channel', render: (d) => channelName(d) },
    {
      key: 'notification',
      header: 'Notification',
      render: (d) => <span style={{ whiteSpace: 'normal' }}>{d.title ?? <span className="mono faint">{d.notificationId}</span>}</span>,
    },
    {
      key: 'status',
      header: 'Status',
      render: (d) => (
        <span title={STATUS_HELP[d.status]}>
          <Badge tone={STATUS_TONE[d.status] ?? 'neutral'} dot pulse={d.status === 'pending'}>
            {humanize(d.status)}
          </Badge>
        </span>
      ),
    },
    { key: 'attempts', header: 'Attempts', align: 'right', render: (d) => formatNumber(d.attempts) },
    {
      key: 'error',
      header: 'Last error',
      render: (d) =>
        d.lastError ? (
          <span className="mono" style={{ fontSize: 12, whiteSpace: 'normal', overflowWrap: 'anywhere' }} data-testid="delivery-error">
            {d.lastError}
          </span>
        ) : (
          <span className="faint">—</span>
        ),
    },
  ];

  return (
    <Card>
      <CardHeader
        title="Delivery log"
        description="Every email, Slack and webhook delivery: failures are retried with backoff, then marked dead."
        actions={
          <Button icon={<IconRefresh />} onClick={() => void q.refetch()} loading={q.isFetching && !q.isLoading} data-testid="deliveries-refresh">
            Refresh
          </Button>
        }
      />
      <div className="toolbar">
        <SelectField
          label="Channel"
          className="input-sm"
          value={channelId}
          onChange={(e) => {
            setChannelId(e.target.value);
            setCursors([undefined]);
          }}
          data-testid="deliveries-channel"
        >
          <option value="">All channels</option>
          {logged.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          className="input-sm"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as DeliveryStatus | '');
            setCursors([undefined]);
          }}
          data-testid="deliveries-status"
        >
          <option value="">All statuses</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </SelectField>
      </div>
      <DataTable
        caption="Notification deliveries"
        testId="deliveries-table"
        columns={columns}
        rows={q.data?.items}
        getRowId={(d) => d.id}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={() => void q.refetch()}
        skeletonRows={4}
        empty={
          <EmptyState
            icon={<IconList />}
            title={filtered ? 'No matching deliveries' : 'No deliveries yet'}
            description={
              filtered
                ? 'Nothing matches these filters.'
                : 'Deliveries appear here when a notification goes out through an email, Slack or webhook channel.'
            }
          />
        }
      />
      {q.data && q.data.items.length > 0 && (
        <CursorPagination
          total={q.data.page.total}
          pageIndex={cursors.length - 1}
          pageSize={DELIVERY_PAGE}
          shown={q.data.items.length}
          hasNext={!!q.data.page.nextCursor}
          onNext={() => {
            const next = q.data?.page.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
          onPrev={() => setCursors((c) => c.slice(0, -1))}
        />
      )}
    </Card>
  );
}
