import { api, type QueryMeta } from '@/lib/api/baseApi';
import type { InAppNotification, NotificationListMeta } from '@/lib/api/types';
import type { CenterData, NotificationPage } from '../center';
import { markEveryRead, markOneRead } from '../center';

export const CENTER_PAGE_SIZE = 20;

/** The caller's in-app notification center: pages by cursor, newest first, `meta.unread`. */
export const notificationsApi = api.injectEndpoints({
  endpoints: (b) => ({
    listNotifications: b.infiniteQuery<NotificationPage, void, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.nextCursor ?? undefined,
      },
      query: ({ pageParam }) => ({
        url: '/notifications',
        params: { limit: CENTER_PAGE_SIZE, cursor: pageParam ?? undefined },
      }),
      transformResponse: (data: unknown, meta: QueryMeta | undefined): NotificationPage => {
        const page = meta?.page as Partial<NotificationListMeta> | undefined;
        return {
          items: Array.isArray(data) ? (data as InAppNotification[]) : [],
          nextCursor: page?.nextCursor ?? null,
          unread: page?.unread ?? 0,
        };
      },
      providesTags: ['Notification'],
    }),
    markNotificationRead: b.mutation<InAppNotification, string>({
      query: (id) => ({ url: `/notifications/${encodeURIComponent(id)}/read`, method: 'POST', body: {} }),
      async onQueryStarted(id, { dispatch, queryFulfilled }) {
        const patch = dispatch(editCenter((d) => markOneRead(d, id)));
        try {
          await queryFulfilled;
        } catch {
          patch.undo();
        }
      },
    }),
    markAllNotificationsRead: b.mutation<{ updated: number }, void>({
      query: () => ({ url: '/notifications/read-all', method: 'POST', body: {} }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        const patch = dispatch(editCenter(markEveryRead));
        try {
          await queryFulfilled;
        } catch {
          patch.undo();
        }
      },
    }),
  }),
});

/** A thunk that edits the cached center in place (no refetch); `.undo()` on its result reverts. */
export function editCenter(recipe: (data: CenterData) => void): ReturnType<typeof notificationsApi.util.updateQueryData> {
  return notificationsApi.util.updateQueryData('listNotifications', undefined, recipe);
}

export const { useListNotificationsInfiniteQuery, useMarkNotificationReadMutation, useMarkAllNotificationsReadMutation } =
  notificationsApi;
