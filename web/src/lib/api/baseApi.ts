import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import { apiRequest, type RequestOptions } from './http';
import { ApiError, type ApiErrorShape } from './errors';
import type { PageMeta } from './types';

export interface QueryArgs {
  url: string;
  method?: string;
  body?: unknown;
  params?: RequestOptions['params'];
  anonymous?: boolean;
  upload?: RequestOptions['upload'];
}

export interface QueryMeta {
  page?: PageMeta;
  requestId?: string;
  status?: number;
}

const baseQuery: BaseQueryFn<QueryArgs | string, unknown, ApiErrorShape, object, QueryMeta> = async (
  args,
  { signal },
) => {
  const a = typeof args === 'string' ? { url: args } : args;
  try {
    const res = await apiRequest<unknown>(a.url, { ...a, signal });
    return {
      data: res.data ?? null,
      meta: { page: res.meta as PageMeta | undefined, requestId: res.requestId, status: res.status },
    };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.toJSON() };
    if ((e as Error)?.name === 'AbortError') {
      return { error: { status: 0, code: 'ABORTED', message: 'Request cancelled' } };
    }
    return { error: { status: 0, code: 'CLIENT_ERROR', message: (e as Error)?.message ?? 'Unexpected error' } };
  }
};

export const TAGS = [
  'Me',
  'Organization',
  'Onboarding',
  'Preferences',
  'User',
  'Session',
  'ApiKey',
  'Audit',
  'Provider',
  'Resource',
  'ResourceSummary',
  'Demo',
  'Notification',
  'NotificationChannel',
  'NotificationDelivery',
  'CostBreakdown',
  'CostImport',
  'CostExchangeRates',
  'CostCollection',
  'Budget',
  'CostAnomaly',
  'CostRecommendation',
  'SecurityFinding',
  'SecurityScan',
  'SecurityMute',
  'SecurityRule',
  'Alert',
  'AlertRule',
  'Silence',
  'MonitoringCollection',
  'VaultItem',
  'VaultTrash',
  'VaultVersion',
  'VaultShare',
  'VaultUsage',
] as const;

/** The one RTK Query API; features add their endpoints with injectEndpoints. */
export const api = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: TAGS,
  refetchOnReconnect: true,
  endpoints: () => ({}),
});

/** Helper for list endpoints: turns (data, meta) into a Page. */
export function toPage<T>(data: unknown, meta: QueryMeta | undefined, limit?: number) {
  const items = (Array.isArray(data) ? data : []) as T[];
  return {
    items,
    page: meta?.page ?? { limit: limit ?? items.length, nextCursor: null, total: items.length },
  };
}
