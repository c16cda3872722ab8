import { useDispatch, useSelector } from 'react-redux';
import { Popover } from '@/components/Popover';
import { Button } from '@/components/Button';
import { IconBell } from '@/components/icons';
import { formatRelative } from '@/lib/format';
import { allRead, cleared, selectNotifications, selectUnreadCount } from '../notificationsSlice';

export function NotificationBell() {
  const items = useSelector(selectNotifications);
  const unread = useSelector(selectUnreadCount);
  const dispatch = useDispatch();
  return (
    <Popover
      label="Notifications"
      panelClassName="notif-panel"
      renderTrigger={({ ref, ...p }) => (
        <button
          ref={ref}
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
          data-testid="notifications-bell"
          {...p}
          onClick={() => {
            p.onClick();
            if (!p['aria-expanded'] && unread) setTimeout(() => dispatch(allRead()), 1500);
          }}
        >
          <IconBell />
          {unread > 0 && <span className="bell-count">{unread > 9 ? '9+' : unread}</span>}
        </button>
      )}
    >
      {() => (
        <>
          <div className="notif-head">
            <h2 style={{ fontSize: 14 }}>Notifications</h2>
            {items.length > 0 && (
              <Button size="sm" variant="ghost" onClick={() => dispatch(cleared())}>
                Clear all
              </Button>
            )}
          </div>
          {items.length === 0 ? (
            <div className="state" style={{ padding: 28 }}>
              <div className="state-icon">
                <IconBell />
              </div>
              <p>You're all caught up. Alerts, sync results and messages appear here live.</p>
            </div>
          ) : (
            <ul className="notif-list">
              {items.map((n) => (
                <li key={n.id} className={`notif-item${n.read ? '' : ' unread'}`}>
                  <span className={`dot ${n.severity}`} aria-hidden="true" />
                  <div className="grow">
                    <div style={{ fontWeight: 550 }}>{n.title}</div>
                    {n.body && <div className="muted" style={{ fontSize: 13 }}>{n.body}</div>}
                    <div className="faint" style={{ fontSize: 12 }}>{formatRelative(n.timestamp)}</div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Popover>
  );
}
