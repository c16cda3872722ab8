import { api, toPage, type QueryMeta } from '@/lib/api/baseApi';
import type {
  ChannelTestResult,
  DeliveryStatus,
  NotificationChannel,
  NotificationChannelInput,
  NotificationChannelPatch,
  NotificationDelivery,
  Page,
} from '@/lib/api/types';

export interface DeliveryQuery {
  channelId?: string;
  status?: DeliveryStatus;
  limit?: number;
  cursor?: string;
}

/** Settings → Notifications: the organization's channels, their tests and the delivery log. */
export const notificationChannelsApi = api.injectEndpoints({
  endpoints: (b) => ({
    listNotificationChannels: b.query<NotificationChannel[], void>({
      query: () => '/notification-channels',
      transformResponse: (d: unknown) => (Array.isArray(d) ? (d as NotificationChannel[]) : []),
      providesTags: (r) => [
        { type: 'NotificationChannel' as const, id: 'LIST' },
        ...(r ?? []).map((c) => ({ type: 'NotificationChannel' as const, id: c.id })),
      ],
    }),
    createNotificationChannel: b.mutation<NotificationChannel, NotificationChannelInput>({
      query: (body) => ({ url: '/notification-channels', method: 'POST', body }),
      invalidatesTags: [{ type: 'NotificationChannel', id: 'LIST' }],
    }),
    updateNotificationChannel: b.mutation<NotificationChannel, { id: string } & NotificationChannelPatch>({
      query: ({ id, ...body }) => ({ url: `/notification-channels/${encodeURIComponent(id)}`, method: 'PATCH', body }),
      // The answer is the channel as stored: put it in the list instead of refetching it.
      async onQueryStarted({ id }, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(
            notificationChannelsApi.util.updateQueryData('listNotificationChannels', undefined, (draft) => {
              const i = draft.findIndex((c) => c.id === id);
              if (i >= 0) draft[i] = data;
            }),
          );
        } catch {
          // the caller shows the error
        }
      },
    }),
    deleteNotificationChannel: b.mutation<null, string>({
      query: (id) => ({ url: `/notification-channels/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: [{ type: 'NotificationChannel', id: 'LIST' }, 'NotificationDelivery'],
    }),
    testNotificationChannel: b.mutation<ChannelTestResult, string>({
      query: (id) => ({ url: `/notification-channels/${encodeURIComponent(id)}/test`, method: 'POST', body: {} }),
      // A test of an email/Slack/webhook channel is a delivery of its own in the log.
      invalidatesTags: ['NotificationDelivery'],
    }),
    listNotificationDeliveries: b.query<Page<NotificationDelivery>, DeliveryQuery>({
      query: (params) => ({ url: '/notification-deliveries', params: { ...params } }),
      transformResponse: (d: unknown, m: QueryMeta | undefined, a) => toPage<NotificationDelivery>(d, m, a.limit),
      providesTags: ['NotificationDelivery'],
    }),
  }),
});

export const {
  useListNotificationChannelsQuery,
  useCreateNotificationChannelMutation,
  useUpdateNotificationChannelMutation,
  useDeleteNotificationChannelMutation,
  useTestNotificationChannelMutation,
  useListNotificationDeliveriesQuery,
} = notificationChannelsApi;
