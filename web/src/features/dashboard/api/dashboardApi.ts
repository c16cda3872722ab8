import { api } from '@/lib/api/baseApi';
import { apiRequest } from '@/lib/api/http';
import { ApiError } from '@/lib/api/errors';
import type { AuditEntry, PageMeta, Resource } from '@/lib/api/types';

export interface ResourceSummary {
  total: number;
  scanned: number;
  complete: boolean;
  monthlyCost: number;
  byStatus: Record<string, number>;
  byProvider: Record<string, number>;
  byType: Record<string, number>;
  costByProvider: Record<string, number>;
  costByType: Record<string, number>;
  topCost: Pick<Resource, 'id' | 'name' | 'type' | 'provider' | 'monthlyCost' | 'status'>[];
}

const PAGE = 500;
const MAX_PAGES = 40; // 20,000 resources; beyond that the figures say "of the first N".

function bump(map: Record<string, number>, key: string | undefined, by = 1) {
  const k = key || 'unknown';
  map[k] = (map[k] ?? 0) + by;
}

/** Streams the inventory page by page and keeps only aggregates (never the full list). */
export async function aggregateResources(signal?: AbortSignal): Promise<ResourceSummary> {
  const s: ResourceSummary = {
    total: 0,
    scanned: 0,
    complete: true,
    monthlyCost: 0,
    byStatus: {},
    byProvider: {},
    byType: {},
    costByProvider: {},
    costByType: {},
    topCost: [],
  };
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res = await apiRequest<Resource[]>('/resources', { params: { limit: PAGE, cursor }, signal });
    const items = Array.isArray(res.data) ? res.data : [];
    const meta = res.meta as PageMeta | undefined;
    s.total = meta?.total ?? s.scanned + items.length;
    for (const r of items) {
      s.scanned += 1;
      bump(s.byStatus, r.status);
      bump(s.byProvider, r.provider);
      bump(s.byType, r.type);
      const cost = typeof r.monthlyCost === 'number' && r.status !== 'terminated' ? r.monthlyCost : 0;
      s.monthlyCost += cost;
      bump(s.costByProvider, r.provider, cost);
      bump(s.costByType, r.type, cost);
      if (cost > 0) {
        s.topCost.push({ id: r.id, name: r.name, type: r.type, provider: r.provider, monthlyCost: cost, status: r.status });
        if (s.topCost.length > 20) {
          s.topCost.sort((a, b) => (b.monthlyCost ?? 0) - (a.monthlyCost ?? 0));
          s.topCost.length = 5;
        }
      }
    }
    cursor = meta?.nextCursor ?? undefined;
    if (!cursor || items.length === 0) break;
    if (i === MAX_PAGES - 1) s.complete = false;
  }
  s.topCost.sort((a, b) => (b.monthlyCost ?? 0) - (a.monthlyCost ?? 0));
  s.topCost = s.topCost.slice(0, 5);
  return s;
}

export const dashboardApi = api.injectEndpoints({
  endpoints: (b) => ({
    resourceSummary: b.query<ResourceSummary, void>({
      async queryFn(_arg, { signal }) {
        try {
          return { data: await aggregateResources(signal) };
        } catch (e) {
          if (e instanceof ApiError) return { error: e.toJSON() };
          return { error: { status: 0, code: 'CLIENT_ERROR', message: (e as Error).message } };
        }
      },
      providesTags: ['ResourceSummary'],
    }),
    recentAudit: b.query<AuditEntry[], void>({
      query: () => ({ url: '/audit', params: { limit: 12 } }),
      transformResponse: (d: unknown) => (Array.isArray(d) ? (d as AuditEntry[]) : []),
      providesTags: ['Audit'],
    }),
  }),
});

export const { useResourceSummaryQuery, useRecentAuditQuery } = dashboardApi;
