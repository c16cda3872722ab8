/**
 * Metrics from the store (`GET /metrics/query`) and the alerts list (`GET /alerts`), shared: the
 * Monitoring area and the dashboard's firing-alerts card read them. The Monitoring feature's own
 * endpoints (rules, silences, history, collection) live in features/monitoring/api.
 */
import { api, toPage } from './baseApi';
import type { Alert, AlertListQuery, MetricQuery, MetricQueryResult, PageMeta } from './types';

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

export const monitoringSharedApi = api.injectEndpoints({
  endpoints: (b) => ({
    queryMetrics: b.query<MetricQueryResult, MetricQuery>({
      query: (q) => ({ url: '/metrics/query', params: defined(q) }),
    }),
    listAlerts: b.query<{ items: Alert[]; page: PageMeta }, AlertListQuery>({
      query: (q) => ({ url: '/alerts', params: defined(q) }),
      transformResponse: (data, meta, arg) => toPage<Alert>(data, meta, arg.limit),
      providesTags: ['Alert'],
    }),
  }),
});

export const { useQueryMetricsQuery, useListAlertsQuery } = monitoringSharedApi;
