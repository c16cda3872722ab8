import { createSlice } from '@reduxjs/toolkit';
import { errorText, realtimeEventReceived } from '@/lib/realtime/realtimeSlice';

export interface AppNotification {
  id: string;
  title: string;
  body?: string;
  severity: 'info' | 'success' | 'warning' | 'error';
  timestamp: string;
  read: boolean;
}

export interface NotificationsState {
  items: AppNotification[];
}

const initialState: NotificationsState = { items: [] };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Maps a server event to a bell entry; events that are not news for a human return null. */
export function toNotification(type: string, data: Record<string, unknown>, timestamp: string): AppNotification | null {
  const id = `${type}:${str(data.id) ?? ''}:${timestamp}:${Math.random().toString(36).slice(2, 6)}`;
  const sev = str(data.severity) ?? str(data.level);
  switch (type) {
    case 'notification':
      return {
        id,
        title: str(data.title) ?? str(data.message) ?? 'Notification',
        body: str(data.body) ?? (data.title ? str(data.message) : undefined),
        severity: sev === 'critical' || sev === 'error' ? 'error' : sev === 'warning' ? 'warning' : sev === 'success' ? 'success' : 'info',
        timestamp,
        read: false,
      };
    case 'alert.fired':
      return {
        id,
        title: `Alert: ${str(data.name) ?? str(data.title) ?? str(data.rule) ?? 'threshold breached'}`,
        body: str(data.message) ?? str(data.resourceName),
        severity: sev === 'warning' ? 'warning' : 'error',
        timestamp,
        read: false,
      };
    case 'alert.resolved':
      return { id, title: `Resolved: ${str(data.name) ?? str(data.title) ?? 'alert'}`, severity: 'success', timestamp, read: false };
    case 'sync.completed': {
      const failed = data.success === false || data.status === 'failed' || !!data.error;
      return {
        id,
        title: failed ? 'Cloud account sync failed' : 'Cloud account synced',
        body: errorText(data.error) ?? str(data.providerName) ?? str(data.message),
        severity: failed ? 'error' : 'success',
        timestamp,
        read: false,
      };
    }
    case 'deployment.updated':
      return { id, title: `Deployment ${str(data.status) ?? 'updated'}`, body: str(data.name), severity: 'info', timestamp, read: false };
    default:
      return null;
  }
}

export const notificationsSlice = createSlice({
  name: 'notifications',
  initialState,
  reducers: {
    allRead(state) {
      for (const n of state.items) n.read = true;
    },
    cleared(state) {
      state.items = [];
    },
  },
  extraReducers: (b) => {
    b.addCase(realtimeEventReceived, (state, { payload }) => {
      const n = toNotification(payload.type, (payload.data ?? {}) as Record<string, unknown>, payload.timestamp);
      if (!n) return;
      state.items.unshift(n);
      if (state.items.length > 50) state.items.length = 50;
    });
  },
});

export const { allRead, cleared } = notificationsSlice.actions;
export const selectNotifications = (s: { notifications: NotificationsState }) => s.notifications.items;
export const selectUnreadCount = (s: { notifications: NotificationsState }) =>
  s.notifications.items.filter((n) => !n.read).length;
