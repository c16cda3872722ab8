import { api } from '@/lib/api/baseApi';
import type { CostRecommendation, CostRecommendationList } from '@/lib/api/types';

export interface RecommendationsQuery {
  status: 'open' | 'dismissed';
}

/** Savings recommendations: the list, dismissing one (with a reason) and applying its action. */
export const recommendationsApi = api.injectEndpoints({
  endpoints: (b) => ({
    listRecommendations: b.query<CostRecommendationList, RecommendationsQuery>({
      query: (params) => ({ url: '/costs/recommendations', params: { ...params } }),
      providesTags: ['CostRecommendation'],
    }),
    dismissRecommendation: b.mutation<CostRecommendation, { id: string; reason: string }>({
      query: ({ id, reason }) => ({
        url: `/costs/recommendations/${encodeURIComponent(id)}/dismiss`,
        method: 'POST',
        body: { reason },
      }),
      invalidatesTags: ['CostRecommendation'],
    }),
    // Applying stops, deletes or resizes a resource: the inventory's views change too.
    applyRecommendation: b.mutation<CostRecommendation, string>({
      query: (id) => ({ url: `/costs/recommendations/${encodeURIComponent(id)}/apply`, method: 'POST' }),
      invalidatesTags: ['CostRecommendation', 'Resource', 'ResourceSummary'],
    }),
  }),
});

export const { useListRecommendationsQuery, useDismissRecommendationMutation, useApplyRecommendationMutation } =
  recommendationsApi;
