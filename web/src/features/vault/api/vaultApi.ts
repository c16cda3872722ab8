import { api } from '@/lib/api/baseApi';
import type {
  VaultAnalytics,
  VaultItem,
  VaultPathEntry,
  VaultSettings,
  VaultShare,
  VaultTrashEntry,
  VaultUsage,
  VaultVersion,
} from '@/lib/api/types';

export type OnConflict = 'fail' | 'rename';

export interface ChildrenQuery {
  folderId: string;
  sort?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface ChildrenPage {
  items: VaultItem[];
  nextCursor: string | null;
  path: VaultPathEntry[];
}

export interface NewShare {
  itemId: string;
  expiresAt?: string;
  password?: string;
  maxDownloads?: number;
  uploadOnly?: boolean;
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string | number>;

/** The vault: folders and files, trash, versions, share links, usage and limits (api/openapi.yaml, tag vault). */
export const vaultApi = api.injectEndpoints({
  endpoints: (b) => ({
    listChildren: b.query<ChildrenPage, ChildrenQuery>({
      query: ({ folderId, ...q }) => ({ url: `/vault/folders/${encodeURIComponent(folderId)}/children`, params: defined(q) }),
      transformResponse: (data: unknown, meta) => {
        const m = (meta?.page ?? {}) as { nextCursor?: string | null; path?: VaultPathEntry[] };
        return { items: (data as VaultItem[]) ?? [], nextCursor: m.nextCursor ?? null, path: m.path ?? [] };
      },
      providesTags: ['VaultItem'],
    }),
    getItem: b.query<VaultItem, string>({
      query: (id) => `/vault/items/${encodeURIComponent(id)}`,
      providesTags: ['VaultItem'],
    }),
    createFolder: b.mutation<VaultItem, { parentId: string; name: string; onConflict?: OnConflict }>({
      query: (body) => ({ url: '/vault/folders', method: 'POST', body }),
      invalidatesTags: ['VaultItem'],
    }),
    updateItem: b.mutation<VaultItem, { id: string; name?: string; parentId?: string; onConflict?: OnConflict }>({
      query: ({ id, ...body }) => ({ url: `/vault/items/${encodeURIComponent(id)}`, method: 'PATCH', body }),
      invalidatesTags: ['VaultItem'],
    }),
    copyItem: b.mutation<VaultItem, { id: string; parentId: string; name?: string; onConflict?: OnConflict }>({
      query: ({ id, ...body }) => ({ url: `/vault/items/${encodeURIComponent(id)}/copy`, method: 'POST', body }),
      invalidatesTags: ['VaultItem', 'VaultUsage'],
    }),
    trashItem: b.mutation<void, string>({
      query: (id) => ({ url: `/vault/items/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['VaultItem', 'VaultTrash', 'VaultShare', 'VaultUsage'],
    }),
    listTrash: b.query<{ items: VaultTrashEntry[]; nextCursor: string | null }, { cursor?: string } | void>({
      query: (q) => ({ url: '/vault/trash', params: defined({ limit: 100, cursor: q?.cursor }) }),
      transformResponse: (data: unknown, meta) => ({
        items: (data as VaultTrashEntry[]) ?? [],
        nextCursor: ((meta?.page ?? {}) as { nextCursor?: string | null }).nextCursor ?? null,
      }),
      providesTags: ['VaultTrash'],
    }),
    restoreTrash: b.mutation<VaultItem, { id: string; onConflict?: OnConflict }>({
      query: ({ id, ...body }) => ({ url: `/vault/trash/${encodeURIComponent(id)}/restore`, method: 'POST', body }),
      invalidatesTags: ['VaultItem', 'VaultTrash', 'VaultShare'],
    }),
    purgeTrash: b.mutation<void, string>({
      query: (id) => ({ url: `/vault/trash/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['VaultTrash', 'VaultUsage', 'VaultShare'],
    }),
    listVersions: b.query<VaultVersion[], string>({
      query: (id) => `/vault/files/${encodeURIComponent(id)}/versions`,
      providesTags: ['VaultVersion'],
    }),
    restoreVersion: b.mutation<VaultItem, { id: string; versionId: string }>({
      query: ({ id, versionId }) => ({
        url: `/vault/files/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionId)}/restore`,
        method: 'POST',
      }),
      invalidatesTags: ['VaultItem', 'VaultVersion', 'VaultUsage'],
    }),
    processFile: b.mutation<{ jobId: string; fileId: string }, string>({
      query: (id) => ({ url: `/vault/files/${encodeURIComponent(id)}/process`, method: 'POST' }),
      invalidatesTags: ['VaultItem'],
    }),
    listShares: b.query<VaultShare[], { itemId?: string } | void>({
      query: (q) => ({ url: '/vault/shares', params: defined({ itemId: q?.itemId }) }),
      providesTags: ['VaultShare'],
    }),
    createShare: b.mutation<VaultShare, NewShare>({
      query: (body) => ({ url: '/vault/shares', method: 'POST', body: defined(body) }),
      invalidatesTags: ['VaultShare'],
    }),
    revokeShare: b.mutation<void, string>({
      query: (id) => ({ url: `/vault/shares/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['VaultShare'],
    }),
    getUsage: b.query<VaultUsage, void>({ query: () => '/vault/usage', providesTags: ['VaultUsage'] }),
    getAnalytics: b.query<VaultAnalytics, void>({ query: () => '/vault/analytics', providesTags: ['VaultUsage'] }),
    getSettings: b.query<VaultSettings, void>({ query: () => '/vault/settings', providesTags: ['VaultUsage'] }),
    updateSettings: b.mutation<VaultSettings, Partial<Omit<VaultSettings, 'maxUploadBytes'>>>({
      query: (body) => ({ url: '/vault/settings', method: 'PATCH', body }),
      invalidatesTags: ['VaultUsage'],
    }),
  }),
});

export const {
  useListChildrenQuery,
  useGetItemQuery,
  useCreateFolderMutation,
  useUpdateItemMutation,
  useCopyItemMutation,
  useTrashItemMutation,
  useListTrashQuery,
  useRestoreTrashMutation,
  usePurgeTrashMutation,
  useListVersionsQuery,
  useRestoreVersionMutation,
  useProcessFileMutation,
  useListSharesQuery,
  useCreateShareMutation,
  useRevokeShareMutation,
  useGetUsageQuery,
  useGetAnalyticsQuery,
  useGetSettingsQuery,
  useUpdateSettingsMutation,
} = vaultApi;
