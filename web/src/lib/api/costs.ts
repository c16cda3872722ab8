/**
 * The cost breakdown (`GET /costs`) and forecast (`GET /costs/forecast`), shared: the Costs page,
 * the dashboard's cost card and the resource drawer read them. The Costs feature's own endpoints
 * (imports) live in features/costs/api.
 */
import { api } from './baseApi';
import type { CostBreakdown, CostForecast, CostForecastQuery, CostQuery } from './types';

export const costsBreakdownApi = api.injectEndpoints({
  endpoints: (b) => ({
    getCostBreakdown: b.query<CostBreakdown, CostQuery>({
      query: (params) => ({ url: '/costs', params: { ...params } }),
      providesTags: ['CostBreakdown'],
    }),
    getCostForecast: b.query<CostForecast, CostForecastQuery>({
      query: (params) => ({ url: '/costs/forecast', params: { ...params } }),
      // New cost data (an import) changes the forecast as it changes the breakdown.
      providesTags: ['CostBreakdown'],
    }),
  }),
});

export const { useGetCostBreakdownQuery, useGetCostForecastQuery } = costsBreakdownApi;
