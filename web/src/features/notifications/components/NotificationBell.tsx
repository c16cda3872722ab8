import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Popover } from '@/components/Popover';
import { Button } from '@/components/Button';
import { ErrorState, Skeleton, Spinner } from '@/components/States';
import { IconBell, IconCheck } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { InAppNotification } from '@/lib/api/types';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { formatDateTime, formatRelative } from '@/lib/format';
import { NOTIFICATION_KIND_TEXT } from '@/lib/notificationKinds';
import { useToast } from '@/lib/toast/useToast';
import {
  useListNotificationsInfiniteQuery,
  useMarkAllNotificationsReadMutation,
  useMarkNotificationReadMutation,
} from '../api/notificationsApi';
import { internalLink, unreadOf } from '../center';

function countLabel(n: number) {
  return n > 99 ? '99+' : String(n);
}

/**
 * The bell in the top bar: the caller's persisted in-app notification center. The unread count is
 * the server's (`meta.unread`), kept live by `notification` events (notificationsListener).
 */
export function NotificationBell() {
  const center = useListNotificationsInfiniteQuery();
  const unread = unreadOf(center.data);
  const announcement = useNewArrivalAnnouncement(unread, center.isSuccess);
  return (
    <>
      <Popover
        label="Notifications"
        panelClassName="notif-panel"
        dialog
        renderTrigger={({ ref, ...p }) => (
          <button
            ref={ref}
            type="button"
            className="btn btn-ghost btn-icon"
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            aria-haspopup="dialog"
            data-testid="notifications-bell"
            {...p}
          >
            <IconBell />
            {unread > 0 && (
              <span className="bell-count" data-testid="notifications-unread" aria-hidden="true">
                {countLabel(unread)}
              </span>
            )}
          </button>
        )}
      >
        {(close) => <NotificationCenter onClose={close} />}
      </Popover>
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}

/** "New notification" for screen readers when the unread count goes up after the first load. */
function useNewArrivalAnnouncement(unread: number, loaded: boolean) {
  const previous = useRef<number | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!loaded) return;
    if (previous.current !== null && unread > previous.current) {
      setText(`${unread - previous.current === 1 ? 'New notification' : 'New notifications'}: ${unread} unread`);
    }
    previous.current = unread;
  }, [unread, loaded]);
  return text;
}

function NotificationCenter({ onClose }: { onClose: () => void }) {
  // The bell's subscription already holds the data: this reads the same cache entry.
  const center = useListNotificationsInfiniteQuery();
  const unread = unreadOf(center.data);
  const [markRead] = useMarkNotificationReadMutation();
  const [markAll, markAllState] = useMarkAllNotificationsReadMutation();
  const navigate = useNavigate();
  const toast = useToast();
  const tz = useDisplayTimeZone();
  const items = center.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: InAppNotification) => {
    if (!n.read) {
      markRead(n.id)
        .unwrap()
        .catch((e) => toast.error('Could not mark the notification read', errorMessage(e)));
    }
    const to = internalLink(n.link);
    if (to) {
      onClose();
      void navigate(to);
    }
  };

  let body;
  if (center.isLoading) {
    body = (
      <div className="stack-sm notif-loading" aria-busy="true" aria-label="Loading notifications">
        {[0, 1, 2].map((i) => (
          <div key={i} className="stack-sm" style={{ gap: 6 }}>
            <Skeleton width="70%" />
            <Skeleton width="45%" height={10} />
          </div>
        ))}
      </div>
    );
  } else if (center.isError && !items.length) {
    body = (
      <ErrorState
        title="Could not load notifications"
        message={errorMessage(center.error)}
        onRetry={() => void center.refetch()}
      />
    );
  } else if (!items.length) {
    body = (
      <div className="state notif-empty" data-testid="notifications-empty">
        <div className="state-icon">
          <IconBell />
        </div>
        <p>You&apos;re all caught up. Alerts, failed syncs and other news for you appear here as they happen.</p>
      </div>
    );
  } else {
    body = (
      <>
        <ul className="notif-list" aria-label="Notifications, newest first">
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`notif-item${n.read ? '' : ' unread'}`}
                onClick={() => open(n)}
                data-testid="notification-item"
                data-read={n.read}
              >
                <span className={`dot ${n.level}`} aria-hidden="true" />
                <span className="grow notif-text">
                  <span className="notif-title">
                    {!n.read && <span className="sr-only">Unread: </span>}
                    {n.title}
                  </span>
                  {n.message && <span className="notif-message">{n.message}</span>}
                  <span className="notif-meta">
                    {NOTIFICATION_KIND_TEXT[n.kind]?.label ?? n.kind} ·{' '}
                    <time dateTime={n.createdAt} title={formatDateTime(n.createdAt, tz)}>
                      {formatRelative(n.createdAt)}
                    </time>
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {center.hasNextPage && (
          <div className="notif-more">
            <Button
              size="sm"
              variant="ghost"
              block
              loading={center.isFetchingNextPage}
              onClick={() => void center.fetchNextPage()}
              data-testid="notifications-load-more"
            >
              Load more
            </Button>
          </div>
        )}
        {center.isFetchNextPageError && (
          <p className="field-error notif-more" role="alert">
            Could not load more: {errorMessage(center.error)}
          </p>
        )}
      </>
    );
  }

  return (
    <>
      <div className="notif-head">
        <h2 style={{ fontSize: 14 }} data-autofocus tabIndex={-1}>
          Notifications
          {unread > 0 && <span className="faint" style={{ fontWeight: 400 }}> · {unread} unread</span>}
        </h2>
        <div className="row" style={{ gap: 4 }}>
          {center.isFetching && !center.isLoading && !center.isFetchingNextPage && <Spinner label="Refreshing" />}
          {unread > 0 && (
            <Button
              size="sm"
              variant="ghost"
              icon={<IconCheck />}
              loading={markAllState.isLoading}
              onClick={() =>
                markAll()
                  .unwrap()
                  .catch((e) => toast.error('Could not mark notifications read', errorMessage(e)))
              }
              data-testid="notifications-mark-all"
            >
              Mark all read
            </Button>
          )}
        </div>
      </div>
      {body}
      <div className="notif-foot">
        <Link to="/settings/notifications" onClick={onClose}>
          Notification settings
        </Link>
      </div>
    </>
  );
}
