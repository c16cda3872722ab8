import { api } from '@/lib/api/baseApi';
import type { Budget, BudgetDetail, BudgetInput, CostAnomaly, CostCollection, CostExchangeRates, CostImport, CostImportFormat, CostImportStarted } from '@/lib/api/types';

export interface ImportCostsRequest {
  file: File;
  format: CostImportFormat;
  providerId: string;
}

/** `.csv.gz` is recognised by its content on the server; the type only has to be one it accepts. */
export function uploadContentType(fileName: string): string {
  const name = fileName.toLowerCase();
  if (name.endsWith('.gz')) return 'application/gzip';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

/** Cost file imports: the upload (streamed, the file is the body) and the import's state. */
export const costsApi = api.injectEndpoints({
  endpoints: (b) => ({
    importCosts: b.mutation<CostImportStarted, ImportCostsRequest>({
      query: ({ file, format, providerId }) => ({
        url: '/costs/imports',
        method: 'POST',
        params: { format, providerId },
        upload: { file, contentType: uploadContentType(file.name) },
      }),
    }),
    getCostImport: b.query<CostImport, string>({
      query: (id) => `/costs/imports/${encodeURIComponent(id)}`,
      providesTags: (_r, _e, id) => [{ type: 'CostImport', id }],
      // A finished import changes the breakdowns.
      async onQueryStarted(_id, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: undefined }));
        if (data?.state === 'succeeded') dispatch(api.util.invalidateTags(['CostBreakdown']));
      },
    }),
    listCostCollections: b.query<CostCollection[], void>({
      query: () => '/costs/collections',
      providesTags: ['CostCollection'],
    }),
    collectCosts: b.mutation<{ jobId: string; providerId: string }, string>({
      query: (providerId) => ({ url: '/costs/collections', method: 'POST', params: { providerId } }),
      invalidatesTags: ['CostCollection'],
    }),
    listBudgets: b.query<Budget[], void>({
      query: () => '/budgets',
      providesTags: ['Budget'],
    }),
    getBudget: b.query<BudgetDetail, string>({
      query: (id) => `/budgets/${encodeURIComponent(id)}`,
      providesTags: ['Budget'],
    }),
    createBudget: b.mutation<Budget, BudgetInput>({
      query: (body) => ({ url: '/budgets', method: 'POST', body }),
      invalidatesTags: ['Budget'],
    }),
    updateBudget: b.mutation<Budget, { id: string; body: Partial<BudgetInput> }>({
      query: ({ id, body }) => ({ url: `/budgets/${encodeURIComponent(id)}`, method: 'PATCH', body }),
      invalidatesTags: ['Budget'],
    }),
    deleteBudget: b.mutation<void, string>({
      query: (id) => ({ url: `/budgets/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['Budget'],
    }),
    listCostAnomalies: b.query<CostAnomaly[], { status?: 'open' | 'dismissed' }>({
      query: (params) => ({ url: '/costs/anomalies', params: { ...params } }),
      providesTags: ['CostAnomaly'],
    }),
    dismissCostAnomaly: b.mutation<CostAnomaly, { id: string; reason: string }>({
      query: ({ id, reason }) => ({ url: `/costs/anomalies/${encodeURIComponent(id)}/dismiss`, method: 'POST', body: { reason } }),
      invalidatesTags: ['CostAnomaly'],
    }),
    getExchangeRates: b.query<CostExchangeRates, void>({
      query: () => '/costs/exchange-rates',
      providesTags: ['CostExchangeRates'],
    }),
    setExchangeRates: b.mutation<CostExchangeRates, { base: string; rates: Record<string, number> }>({
      query: (body) => ({ url: '/costs/exchange-rates', method: 'PUT', body }),
      // Breakdowns across currencies answer differently now.
      invalidatesTags: ['CostExchangeRates', 'CostBreakdown'],
    }),
  }),
});

export const {
  useImportCostsMutation,
  useGetCostImportQuery,
  useListCostCollectionsQuery,
  useCollectCostsMutation,
  useGetExchangeRatesQuery,
  useSetExchangeRatesMutation,
  useListBudgetsQuery,
  useGetBudgetQuery,
  useCreateBudgetMutation,
  useUpdateBudgetMutation,
  useDeleteBudgetMutation,
  useListCostAnomaliesQuery,
  useDismissCostAnomalyMutation,
} = costsApi;
