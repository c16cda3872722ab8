import { api } from '@/lib/api/baseApi';
import type { AuthResult } from '@/lib/api/types';
import type { components } from '@/lib/api/schema';

export type AcceptInviteRequest = components['schemas']['AcceptInviteRequest'];

export const authApi = api.injectEndpoints({
  endpoints: (b) => ({
    acceptInvite: b.mutation<AuthResult, AcceptInviteRequest>({
      query: (body) => ({ url: '/auth/accept-invite', method: 'POST', body, anonymous: true }),
    }),
  }),
});

export const { useAcceptInviteMutation } = authApi;
