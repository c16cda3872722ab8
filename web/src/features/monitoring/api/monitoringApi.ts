import { api } from '@/lib/api/baseApi';
import type {
  Alert,
  AlertHistoryEntry,
  AlertRule,
  AlertRuleInput,
  AlertRulePatch,
  AlertRulePreview,
  AlertTimelineEntry,
  AlertTimelineQuery,
  MonitoringCollection,
  MonitoringCollectionPatch,
  Silence,
  SilenceInput,
} from '@/lib/api/types';

export { useListAlertsQuery, useQueryMetricsQuery } from '@/lib/api/monitoring';

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** Monitoring: alert rules and their preview, acknowledgement, history, silences and collection (api/openapi.yaml, tag monitoring). */
export const monitoringApi = api.injectEndpoints({
  endpoints: (b) => ({
    listAlertRules: b.query<AlertRule[], void>({
      query: () => '/alert-rules',
      providesTags: ['AlertRule'],
    }),
    createAlertRule: b.mutation<AlertRule, AlertRuleInput>({
      query: (body) => ({ url: '/alert-rules', method: 'POST', body }),
      invalidatesTags: ['AlertRule'],
    }),
    updateAlertRule: b.mutation<AlertRule, { id: string; patch: AlertRulePatch }>({
      query: ({ id, patch }) => ({ url: `/alert-rules/${encodeURIComponent(id)}`, method: 'PATCH', body: patch }),
      // Disabling a rule resolves its alerts.
      invalidatesTags: ['AlertRule', 'Alert'],
    }),
    deleteAlertRule: b.mutation<void, string>({
      query: (id) => ({ url: `/alert-rules/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['AlertRule', 'Alert'],
    }),
    previewAlertRule: b.mutation<AlertRulePreview, AlertRuleInput>({
      query: (body) => ({ url: '/alert-rules/preview', method: 'POST', body }),
    }),
    acknowledgeAlert: b.mutation<Alert, { id: string; comment: string }>({
      query: ({ id, comment }) => ({ url: `/alerts/${encodeURIComponent(id)}/ack`, method: 'POST', body: { comment } }),
      invalidatesTags: ['Alert'],
    }),
    getAlertHistory: b.query<AlertHistoryEntry[], string>({
      query: (id) => `/alerts/${encodeURIComponent(id)}/history`,
      providesTags: ['Alert'],
    }),
    listAlertTimeline: b.query<AlertTimelineEntry[], AlertTimelineQuery>({
      query: (q) => ({ url: '/alert-history', params: defined(q) }),
      providesTags: ['Alert'],
    }),
    listSilences: b.query<Silence[], void>({
      query: () => '/silences',
      providesTags: ['Silence'],
    }),
    createSilence: b.mutation<Silence, SilenceInput>({
      query: (body) => ({ url: '/silences', method: 'POST', body }),
      invalidatesTags: ['Silence', 'Alert'],
    }),
    expireSilence: b.mutation<void, string>({
      query: (id) => ({ url: `/silences/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['Silence', 'Alert'],
    }),
    listCollection: b.query<MonitoringCollection[], void>({
      query: () => '/monitoring/collection',
      providesTags: ['MonitoringCollection'],
    }),
    updateCollection: b.mutation<MonitoringCollection, { providerId: string; patch: MonitoringCollectionPatch }>({
      query: ({ providerId, patch }) => ({ url: `/monitoring/collection/${encodeURIComponent(providerId)}`, method: 'PATCH', body: patch }),
      invalidatesTags: ['MonitoringCollection'],
    }),
  }),
});

export const {
  useListAlertRulesQuery,
  useCreateAlertRuleMutation,
  useUpdateAlertRuleMutation,
  useDeleteAlertRuleMutation,
  usePreviewAlertRuleMutation,
  useAcknowledgeAlertMutation,
  useGetAlertHistoryQuery,
  useListAlertTimelineQuery,
  useListSilencesQuery,
  useCreateSilenceMutation,
  useExpireSilenceMutation,
  useListCollectionQuery,
  useUpdateCollectionMutation,
} = monitoringApi;
