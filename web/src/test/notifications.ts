/** Fixtures of the notifications contract (api/openapi.yaml), for unit tests. */
import type { InAppNotification, NotificationChannel, NotificationDelivery, RealtimeEventOf } from '@/lib/api/types';

let seq = 0;

export function notification(extra: Partial<InAppNotification> = {}): InAppNotification {
  seq += 1;
  return {
    id: `ntf_${seq}`,
    kind: 'sync',
    level: 'error',
    title: `Sync of Production failed (${seq})`,
    message: 'AccessDenied: the role may not call ec2:DescribeInstances',
    link: '/settings/cloud-accounts',
    read: false,
    createdAt: '2026-03-01T10:00:00.000Z',
    ...extra,
  };
}

export function notificationEvent(n: InAppNotification): RealtimeEventOf<'notification'> {
  return { type: 'notification', data: n, timestamp: n.createdAt };
}

/** The envelope's meta of GET /notifications. */
export function centerMeta(unread: number, nextCursor: string | null = null, total = 0) {
  return { limit: 20, nextCursor, total, unread };
}

export function channel(extra: Partial<NotificationChannel> = {}): NotificationChannel {
  seq += 1;
  return {
    id: `nch_${seq}`,
    name: `Channel ${seq}`,
    type: 'in_app',
    config: {},
    enabled: true,
    events: ['alerts', 'costAlerts', 'security', 'deployments', 'sync', 'vault'],
    secretsSet: [],
    target: 'in-app',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...extra,
  };
}

export function delivery(extra: Partial<NotificationDelivery> = {}): NotificationDelivery {
  seq += 1;
  return {
    id: `dlv_${seq}`,
    channelId: 'nch_1',
    channelName: 'Ops webhook',
    notificationId: `ntf_${seq}`,
    title: 'Sync of Production failed',
    status: 'delivered',
    attempts: 1,
    lastError: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:01.000Z',
    ...extra,
  };
}
