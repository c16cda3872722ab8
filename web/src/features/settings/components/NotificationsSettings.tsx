import { Link } from 'react-router';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { can } from '@/lib/auth/permissions';
import { useListNotificationChannelsQuery } from '../api/notificationChannelsApi';
import { DeliveryLog } from './DeliveryLog';
import { NotificationChannels } from './NotificationChannels';
import { NotificationRules } from './NotificationRules';

/** Settings → Notifications: channels (with Send test), rules (kinds × channels), the delivery log. */
export function NotificationsSettings() {
  const { data: me } = useGetMeQuery();
  const canManage = can(me?.role, 'notifications:manage');
  const channels = useListNotificationChannelsQuery();
  const common = {
    channels: channels.data,
    loading: channels.isLoading,
    error: channels.error,
    onRetry: () => void channels.refetch(),
    canManage,
  };
  return (
    <div className="stack" data-testid="notifications-settings">
      <p className="muted" style={{ margin: 0 }}>
        The kinds of notification that reach you personally, in the app and by email, are in{' '}
        <Link className="text-link" to="/settings/profile">Profile &amp; preferences</Link>.
      </p>
      <NotificationChannels {...common} />
      <NotificationRules {...common} />
      {canManage && <DeliveryLog channels={channels.data} />}
    </div>
  );
}
