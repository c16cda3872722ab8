import { api } from '@/lib/api/baseApi';
import type { AuditEntry } from '@/lib/api/types';

export const dashboardApi = api.injectEndpoints({
  endpoints: (b) => ({
    recentAudit: b.query<AuditEntry[], void>({
      query: () => ({ url: '/audit', params: { limit: 12 } }),
      transformResponse: (d: unknown) => (Array.isArray(d) ? (d as AuditEntry[]) : []),
      providesTags: ['Audit'],
    }),
  }),
});

export const { useRecentAuditQuery } = dashboardApi;
