import { api } from '@/lib/api/baseApi';
import type { OnboardingState } from '@/lib/api/types';

export const onboardingApi = api.injectEndpoints({
  endpoints: (b) => ({
    getOnboarding: b.query<OnboardingState, void>({
      query: () => '/onboarding',
      providesTags: ['Onboarding'],
    }),
    saveOnboarding: b.mutation<OnboardingState, OnboardingState>({
      query: (body) => ({ url: '/onboarding', method: 'PUT', body }),
    }),
  }),
});

export const { useGetOnboardingQuery, useSaveOnboardingMutation } = onboardingApi;
