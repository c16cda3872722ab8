export { NotificationBell } from './components/NotificationBell';
export { notificationsListener } from './notificationsListener';
