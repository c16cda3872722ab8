/**
 * The security summary (`GET /security/summary`) and a resource's open findings, shared: the
 * Security area, the dashboard's posture card and the resource drawer read them. The Security
 * feature's own endpoints live in features/security/api.
 */
import { api } from './baseApi';
import type { SecurityFinding, SecuritySummary } from './types';

export const securitySharedApi = api.injectEndpoints({
  endpoints: (b) => ({
    getSecuritySummary: b.query<SecuritySummary, void>({
      query: () => '/security/summary',
      providesTags: ['SecurityFinding', 'SecurityScan'],
    }),
    listResourceFindings: b.query<SecurityFinding[], string>({
      query: (resourceId) => ({ url: '/security/findings', params: { resourceId, status: 'open', limit: 20 } }),
      providesTags: ['SecurityFinding'],
    }),
  }),
});

export const { useGetSecuritySummaryQuery, useListResourceFindingsQuery } = securitySharedApi;
