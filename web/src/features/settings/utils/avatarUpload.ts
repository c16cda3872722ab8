import { apiFetch, apiRequest, throwApiError } from '@/lib/api/http';
import { asApiError } from '@/lib/api/errors';
import type { VaultItem } from '@/lib/api/types';

/** Where profile pictures land in the vault: a folder of that name at the top level. */
export const PICTURES_FOLDER = 'Profile pictures';
const PROCESSING_WAIT_MS = 60_000;

/** tus Upload-Metadata: `key base64(value)` pairs, UTF-8. */
export function tusMetadata(pairs: Record<string, string>): string {
  const b64 = (text: string) => {
    let binary = '';
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  return Object.entries(pairs)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
}

/** The folder's id, made when missing (a taken name answers 409 with the existing one's id). */
async function picturesFolder(): Promise<string> {
  try {
    const made = await apiRequest<VaultItem>('/vault/folders', { method: 'POST', body: { parentId: 'root', name: PICTURES_FOLDER } });
    return made.data.id;
  } catch (e) {
    const err = asApiError(e);
    const existing = (err?.details as { existingId?: string } | undefined)?.existingId;
    if (err?.status === 409 && existing) return existing;
    throw e;
  }
}

/**
 * Uploads an image into the vault (one tus creation-with-upload request: pictures are small),
 * waits for the processing pipeline to make its thumbnail, and makes it the profile picture.
 */
export async function setProfilePicture(file: File, onStep?: (step: 'uploading' | 'processing' | 'saving') => void) {
  onStep?.('uploading');
  const folderId = await picturesFolder();
  const meta: Record<string, string> = { filename: file.name || 'picture', folderId };
  if (file.type) meta.filetype = file.type;
  const res = await apiFetch('/vault/uploads', {
    method: 'POST',
    upload: { file, contentType: 'application/offset+octet-stream' },
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(file.size), 'Upload-Metadata': tusMetadata(meta) },
  });
  const fileId = res.headers.get('X-Vault-File-Id');
  if (res.status !== 201 || !fileId) await throwApiError(res);

  onStep?.('processing');
  const deadline = Date.now() + PROCESSING_WAIT_MS;
  for (;;) {
    const item = (await apiRequest<VaultItem>(`/vault/items/${encodeURIComponent(fileId!)}`)).data;
    if (item.processing !== 'pending') break;
    if (Date.now() > deadline) throw new Error('The picture is still being processed; try again in a minute.');
    await new Promise((r) => setTimeout(r, 500));
  }
  onStep?.('saving');
  await apiRequest('/users/me/avatar', { method: 'PUT', body: { fileId } });
}
