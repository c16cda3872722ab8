import { api, toPage } from '@/lib/api/baseApi';
import type {
  PageMeta,
  SecurityComplianceReport,
  SecurityFinding,
  SecurityFindingDetail,
  SecurityFrameworkScore,
  SecurityMute,
  SecurityRule,
  SecurityRuleInput,
  SecurityScan,
} from '@/lib/api/types';

export { useGetSecuritySummaryQuery } from '@/lib/api/security';

/** The findings filters, as the API names them (all optional). */
export interface FindingsQuery {
  severity?: string;
  status?: 'open' | 'muted' | 'resolved';
  ruleId?: string;
  framework?: string;
  provider?: string;
  providerId?: string;
  resourceId?: string;
  resourceType?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

export interface NewMute {
  ruleId?: string;
  resourceId?: string;
  providerId?: string;
  region?: string;
  tag?: string;
  reason: string;
  expiresAt?: string;
}

export interface RulesQuery {
  provider?: string;
  severity?: string;
  framework?: string;
  custom?: 'true' | 'false';
  q?: string;
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** Security posture: summary, findings, scans, mutes, rules and compliance (api/openapi.yaml, tag security). */
export const securityApi = api.injectEndpoints({
  endpoints: (b) => ({
    listFindings: b.query<{ items: SecurityFinding[]; page: PageMeta }, FindingsQuery>({
      query: (q) => ({ url: '/security/findings', params: defined(q) }),
      transformResponse: (data, meta, arg) => toPage<SecurityFinding>(data, meta, arg.limit),
      providesTags: ['SecurityFinding'],
    }),
    getFinding: b.query<SecurityFindingDetail, string>({
      query: (id) => `/security/findings/${encodeURIComponent(id)}`,
      providesTags: ['SecurityFinding'],
    }),
    startScan: b.mutation<{ jobId: string; scanId: string; scan: SecurityScan }, void>({
      query: () => ({ url: '/security/scans', method: 'POST' }),
      invalidatesTags: ['SecurityScan'],
    }),
    getScan: b.query<SecurityScan, string>({
      query: (id) => `/security/scans/${encodeURIComponent(id)}`,
      providesTags: ['SecurityScan'],
    }),
    listMutes: b.query<SecurityMute[], void>({
      query: () => '/security/mutes',
      providesTags: ['SecurityMute'],
    }),
    createMute: b.mutation<SecurityMute, NewMute>({
      query: (body) => ({ url: '/security/mutes', method: 'POST', body: defined(body) }),
      invalidatesTags: ['SecurityMute', 'SecurityFinding'],
    }),
    deleteMute: b.mutation<void, string>({
      query: (id) => ({ url: `/security/mutes/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['SecurityMute', 'SecurityFinding'],
    }),
    listRules: b.query<SecurityRule[], RulesQuery>({
      query: (q) => ({ url: '/security/rules', params: defined(q) }),
      providesTags: ['SecurityRule'],
    }),
    createRule: b.mutation<SecurityRule, SecurityRuleInput>({
      query: (body) => ({ url: '/security/rules', method: 'POST', body }),
      invalidatesTags: ['SecurityRule'],
    }),
    deleteRule: b.mutation<void, string>({
      query: (id) => ({ url: `/security/rules/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['SecurityRule'],
    }),
    listCompliance: b.query<SecurityFrameworkScore[], void>({
      query: () => '/security/compliance',
      providesTags: ['SecurityFinding', 'SecurityScan'],
    }),
    getCompliance: b.query<SecurityComplianceReport, string>({
      query: (id) => `/security/compliance/${encodeURIComponent(id)}`,
      providesTags: ['SecurityFinding', 'SecurityScan'],
    }),
  }),
});

export const {
  useListFindingsQuery,
  useGetFindingQuery,
  useStartScanMutation,
  useGetScanQuery,
  useListMutesQuery,
  useCreateMuteMutation,
  useDeleteMuteMutation,
  useListRulesQuery,
  useCreateRuleMutation,
  useDeleteRuleMutation,
  useListComplianceQuery,
  useGetComplianceQuery,
} = securityApi;
