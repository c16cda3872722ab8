import type { NotificationChannelType, NotificationKind } from './api/types';

/** How each kind of notification is named and explained, wherever the UI offers a choice of kinds. */
export const NOTIFICATION_KIND_TEXT: Record<NotificationKind, { label: string; help: string }> = {
  alerts: { label: 'Alerts', help: 'Alert rules that fire or resolve.' },
  costAlerts: { label: 'Cost alerts', help: 'Budgets crossed and unusual spend.' },
  security: { label: 'Security', help: 'New security findings in your cloud accounts.' },
  deployments: { label: 'Deployments', help: 'Deployments that finish or fail.' },
  sync: { label: 'Sync', help: 'Cloud account syncs that fail.' },
  vault: { label: 'Vault', help: 'Shared files and expiring links in the vault.' },
};

export const CHANNEL_TYPE_LABEL: Record<NotificationChannelType, string> = {
  in_app: 'In-app',
  email: 'Email',
  slack: 'Slack',
  webhook: 'Webhook',
};
