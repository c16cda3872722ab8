import { api, toPage, type QueryMeta } from '@/lib/api/baseApi';
import type { ApiKey, AuditEntry, AuthSession, CreatedApiKey, CreatedUser, Organization, Page, Role, User } from '@/lib/api/types';

export interface AuditQuery {
  action?: string;
  userId?: string;
  result?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export const settingsApi = api.injectEndpoints({
  endpoints: (b) => ({
    getOrganization: b.query<Organization, void>({
      query: () => '/organization',
      providesTags: ['Organization'],
    }),
    updateOrganization: b.mutation<Organization, { name: string }>({
      query: (body) => ({ url: '/organization', method: 'PATCH', body }),
      invalidatesTags: ['Organization', 'Me'],
    }),
    updateProfile: b.mutation<User, { name: string }>({
      query: (body) => ({ url: '/users/me', method: 'PATCH', body }),
      invalidatesTags: ['Me', 'User'],
    }),
    // Every session ends, this one too; the answer is the caller's new session.
    changePassword: b.mutation<{ accessToken: string; refreshToken: string }, { currentPassword: string; newPassword: string }>({
      query: (body) => ({ url: '/users/me/password', method: 'POST', body }),
      invalidatesTags: ['Session'],
    }),
    listSessions: b.query<AuthSession[], void>({ query: () => '/auth/sessions', providesTags: ['Session'] }),
    endSession: b.mutation<null, string>({
      query: (id) => ({ url: `/auth/sessions/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['Session'],
    }),
    listUsers: b.query<Page<User>, { limit?: number; cursor?: string }>({
      query: (params) => ({ url: '/users', params }),
      transformResponse: (d: unknown, m: QueryMeta | undefined, a) => toPage<User>(d, m, a.limit),
      providesTags: ['User'],
    }),
    createUser: b.mutation<CreatedUser, { email: string; name: string; role: Role; password?: string }>({
      query: (body) => ({ url: '/users', method: 'POST', body }),
      invalidatesTags: ['User'],
    }),
    updateUser: b.mutation<User, { id: string; role?: Role; name?: string }>({
      query: ({ id, ...body }) => ({ url: `/users/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['User', 'Me'],
    }),
    deleteUser: b.mutation<null, string>({
      query: (id) => ({ url: `/users/${id}`, method: 'DELETE' }),
      invalidatesTags: ['User'],
    }),
    listApiKeys: b.query<ApiKey[], void>({
      query: () => ({ url: '/api-keys', params: { limit: 500 } }),
      transformResponse: (d: unknown) => (Array.isArray(d) ? (d as ApiKey[]) : []),
      providesTags: ['ApiKey'],
    }),
    createApiKey: b.mutation<CreatedApiKey, { name: string; role: Role; expiresInDays?: number }>({
      query: (body) => ({ url: '/api-keys', method: 'POST', body }),
      invalidatesTags: ['ApiKey'],
    }),
    deleteApiKey: b.mutation<null, string>({
      query: (id) => ({ url: `/api-keys/${id}`, method: 'DELETE' }),
      invalidatesTags: ['ApiKey'],
    }),
    listAudit: b.query<Page<AuditEntry>, AuditQuery>({
      query: (params) => ({ url: '/audit', params: { ...params } }),
      transformResponse: (d: unknown, m: QueryMeta | undefined, a) => toPage<AuditEntry>(d, m, a.limit),
      providesTags: ['Audit'],
    }),
  }),
});

export const {
  useGetOrganizationQuery,
  useUpdateOrganizationMutation,
  useUpdateProfileMutation,
  useChangePasswordMutation,
  useListSessionsQuery,
  useEndSessionMutation,
  useListUsersQuery,
  useCreateUserMutation,
  useUpdateUserMutation,
  useDeleteUserMutation,
  useListApiKeysQuery,
  useCreateApiKeyMutation,
  useDeleteApiKeyMutation,
  useListAuditQuery,
} = settingsApi;
