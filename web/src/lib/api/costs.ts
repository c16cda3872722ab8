/**
 * The cost breakdown (`GET /costs`), shared: the Costs page and the dashboard's cost card both
 * read it. The Costs feature's own endpoints (imports) live in features/costs/api.
 */
import { api } from './baseApi';
import type { CostBreakdown, CostQuery } from './types';

export const costsBreakdownApi = api.injectEndpoints({
  endpoints: (b) => ({
    getCostBreakdown: b.query<CostBreakdown, CostQuery>({
      query: (params) => ({ url: '/costs', params: { ...params } }),
      providesTags: ['CostBreakdown'],
    }),
  }),
});

export const { useGetCostBreakdownQuery } = costsBreakdownApi;
