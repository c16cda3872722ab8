export { NotificationBell } from './components/NotificationBell';
export { notificationsSlice } from './notificationsSlice';
