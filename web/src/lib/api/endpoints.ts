/**
 * Endpoints shared across features: the session, demo mode, cloud accounts and resources.
 * Feature-private endpoints live in features/<name>/api.
 */
import { api, toPage, type QueryMeta } from './baseApi';
import type {
  AuthResult,
  CloudProvider,
  CreateResourceRequest,
  DemoScenario,
  DemoState,
  LoginRequest,
  Me,
  MetricName,
  MetricSeries,
  ResourceSummary,
  Page,
  Preferences,
  ProviderKind,
  ProviderValidation,
  RegisterRequest,
  Resource,
  ResourceAction,
  ResourceQuery,
} from './types';

export interface CreateProviderRequest {
  provider: ProviderKind;
  name: string;
  credentials: Record<string, unknown>;
  regions?: string[];
  /** gcp: the BigQuery table of the Cloud Billing export costs are collected from. */
  billingExportTable?: string;
  syncIntervalSeconds?: number;
  /**
   * Test the connection first and save nothing when it fails (400 VALIDATION_ERROR with the
   * cause in `details.fields.credentials` and the full result in `details.test`).
   */
  verify?: boolean;
}

export interface MetricsQuery {
  id: string;
  metric: MetricName;
  from?: string;
  to?: string;
  step?: number;
}

export const coreApi = api.injectEndpoints({
  endpoints: (b) => ({
    // --- session -------------------------------------------------------------------------
    register: b.mutation<AuthResult, RegisterRequest>({
      query: (body) => ({ url: '/auth/register', method: 'POST', body, anonymous: true }),
    }),
    login: b.mutation<AuthResult, LoginRequest>({
      query: (body) => ({ url: '/auth/login', method: 'POST', body, anonymous: true }),
    }),
    logout: b.mutation<null, { refreshToken: string }>({
      query: (body) => ({ url: '/auth/logout', method: 'POST', body }),
    }),
    getMe: b.query<Me, void>({
      query: () => '/auth/me',
      providesTags: ['Me'],
    }),

    getPreferences: b.query<Preferences, void>({
      query: () => '/users/me/preferences',
      providesTags: ['Preferences'],
    }),
    updatePreferences: b.mutation<Preferences, Partial<Preferences>>({
      query: (body) => ({ url: '/users/me/preferences', method: 'PUT', body }),
      invalidatesTags: ['Preferences', 'Me'],
    }),

    // --- demo ----------------------------------------------------------------------------
    getDemo: b.query<DemoState, void>({
      query: () => '/demo',
      providesTags: ['Demo'],
    }),
    loadDemo: b.mutation<DemoState, { scenario: DemoScenario }>({
      query: (body) => ({ url: '/demo', method: 'POST', body }),
      invalidatesTags: ['Demo', 'Me', 'Provider', 'Resource', 'ResourceSummary'],
    }),
    exitDemo: b.mutation<null, void>({
      query: () => ({ url: '/demo', method: 'DELETE' }),
      invalidatesTags: ['Demo', 'Me', 'Provider', 'Resource', 'ResourceSummary'],
    }),

    // --- cloud accounts ------------------------------------------------------------------
    listProviders: b.query<CloudProvider[], void>({
      query: () => ({ url: '/providers', params: { limit: 500 } }),
      transformResponse: (data: unknown) => (Array.isArray(data) ? (data as CloudProvider[]) : []),
      providesTags: (r) => [
        { type: 'Provider' as const, id: 'LIST' },
        ...(r ?? []).map((p) => ({ type: 'Provider' as const, id: p.id })),
      ],
    }),
    createProvider: b.mutation<CloudProvider, CreateProviderRequest>({
      query: (body) => ({ url: '/providers', method: 'POST', body }),
      invalidatesTags: [{ type: 'Provider', id: 'LIST' }],
    }),
    updateProvider: b.mutation<CloudProvider, { id: string } & Partial<CreateProviderRequest>>({
      query: ({ id, ...body }) => ({ url: `/providers/${id}`, method: 'PATCH', body }),
      invalidatesTags: (_r, _e, a) => [{ type: 'Provider', id: a.id }],
    }),
    deleteProvider: b.mutation<null, string>({
      query: (id) => ({ url: `/providers/${id}`, method: 'DELETE' }),
      invalidatesTags: [{ type: 'Provider', id: 'LIST' }, 'Resource', 'ResourceSummary'],
    }),
    testProvider: b.mutation<ProviderValidation, string>({
      query: (id) => ({ url: `/providers/${id}/test`, method: 'POST', body: {} }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Provider', id }],
    }),
    syncProvider: b.mutation<{ jobId: string }, string>({
      query: (id) => ({ url: `/providers/${id}/sync`, method: 'POST', body: {} }),
    }),

    // --- resources -----------------------------------------------------------------------
    listResources: b.query<Page<Resource>, ResourceQuery>({
      query: (params) => ({ url: '/resources', params: { ...params } }),
      transformResponse: (data: unknown, meta: QueryMeta | undefined, arg) =>
        toPage<Resource>(data, meta, arg.limit),
      providesTags: (r) => [
        { type: 'Resource' as const, id: 'LIST' },
        ...(r?.items ?? []).map((x) => ({ type: 'Resource' as const, id: x.id })),
      ],
    }),
    getResourceSummary: b.query<ResourceSummary, void>({
      query: () => '/resources/summary',
      providesTags: ['ResourceSummary'],
    }),
    getResource: b.query<Resource, string>({
      query: (id) => `/resources/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Resource', id }],
    }),
    createResource: b.mutation<Resource, CreateResourceRequest>({
      query: (body) => ({ url: '/resources', method: 'POST', body }),
      invalidatesTags: [{ type: 'Resource', id: 'LIST' }, 'ResourceSummary'],
    }),
    updateResource: b.mutation<Resource, { id: string; name?: string; tags?: Record<string, string>; spec?: Record<string, unknown> }>({
      query: ({ id, ...body }) => ({ url: `/resources/${id}`, method: 'PATCH', body }),
      invalidatesTags: (_r, _e, a) => [{ type: 'Resource', id: a.id }],
    }),
    deleteResource: b.mutation<null, string>({
      query: (id) => ({ url: `/resources/${id}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Resource', id }, { type: 'Resource', id: 'LIST' }, 'ResourceSummary'],
    }),
    resourceAction: b.mutation<Resource | null, { id: string; action: ResourceAction }>({
      query: ({ id, action }) => ({ url: `/resources/${id}/actions/${action}`, method: 'POST', body: {} }),
      invalidatesTags: (_r, _e, a) => [{ type: 'Resource', id: a.id }, 'ResourceSummary'],
    }),
    getResourceMetrics: b.query<MetricSeries, MetricsQuery>({
      query: ({ id, ...params }) => ({ url: `/resources/${id}/metrics`, params: { ...params } }),
      transformResponse: (data: MetricSeries) => ({ ...data, points: Array.isArray(data?.points) ? data.points : [] }),
    }),
  }),
});

export const {
  useRegisterMutation,
  useLoginMutation,
  useLogoutMutation,
  useGetMeQuery,
  useGetPreferencesQuery,
  useUpdatePreferencesMutation,
  useGetDemoQuery,
  useLoadDemoMutation,
  useExitDemoMutation,
  useListProvidersQuery,
  useCreateProviderMutation,
  useUpdateProviderMutation,
  useDeleteProviderMutation,
  useTestProviderMutation,
  useSyncProviderMutation,
  useListResourcesQuery,
  useGetResourceQuery,
  useGetResourceSummaryQuery,
  useCreateResourceMutation,
  useUpdateResourceMutation,
  useDeleteResourceMutation,
  useResourceActionMutation,
  useGetResourceMetricsQuery,
} = coreApi;
