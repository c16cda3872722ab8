import { asApiError } from '@/lib/api/errors';

/**
 * Runs a vault change that may hit a taken name: on a 409 the caller is asked (`keepBoth`)
 * whether to keep both, and the change is sent again with `onConflict: 'rename'` if so.
 * Resolves with the result, or null when the user chose not to keep both.
 */
export async function withKeepBoth<T>(
  attempt: (onConflict: 'fail' | 'rename') => Promise<T>,
  keepBoth: (message: string) => Promise<boolean> | boolean,
): Promise<T | null> {
  try {
    return await attempt('fail');
  } catch (e) {
    const err = asApiError(e);
    if (err?.status !== 409 || err.code !== 'CONFLICT') throw e;
    if (!(await keepBoth(err.message))) return null;
    return attempt('rename');
  }
}
