import type { VaultPublicShare } from '@/lib/api/types';

export type PublicShareState =
  | { kind: 'loading' }
  | { kind: 'ready'; share: VaultPublicShare }
  | { kind: 'password'; wrong: boolean }
  | { kind: 'throttled'; message: string }
  | { kind: 'gone'; message: string };

/** What the public page shows for an answer of GET /public/shares/{token} (or of its content). */
export function publicShareState(status: number, body: unknown, retryAfter: string | null): PublicShareState {
  const envelope = body as { data?: VaultPublicShare; error?: { code?: string } } | null;
  if (status === 200 && envelope?.data) return { kind: 'ready', share: envelope.data };
  const code = envelope?.error?.code;
  if (status === 401 && code === 'SHARE_PASSWORD_REQUIRED') return { kind: 'password', wrong: false };
  if (status === 401 && code === 'SHARE_PASSWORD_WRONG') return { kind: 'password', wrong: true };
  if (status === 429) {
    const seconds = Number(retryAfter) || 30;
    return { kind: 'throttled', message: `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` };
  }
  if (status === 410) return { kind: 'gone', message: "This link's downloads are used up." };
  if (status === 403 && code === 'INFECTED') return { kind: 'gone', message: 'This file is quarantined and cannot be downloaded.' };
  return { kind: 'gone', message: 'This link does not exist, was revoked, or has expired.' };
}
