import { apiDownload } from '@/lib/api/http';
import { downloadBlob } from '@/lib/download';

/** Saves a vault file (or one of its versions). The request carries the session's token. */
export async function downloadVaultFile(fileId: string, name: string, versionId?: string) {
  const query = versionId ? `?version=${encodeURIComponent(versionId)}` : '';
  downloadBlob(name, await apiDownload(`/vault/files/${encodeURIComponent(fileId)}/content${query}`));
}

/** Saves a folder (or the whole vault, `root`) as a zip. */
export async function downloadVaultFolder(folderId: string, name: string) {
  downloadBlob(`${name}.zip`, await apiDownload(`/vault/folders/${encodeURIComponent(folderId)}/archive`));
}

/** The file's bytes for a preview (images, PDF and plain text only: the server says inline for those). */
export function previewBlob(fileId: string): Promise<Blob> {
  return apiDownload(`/vault/files/${encodeURIComponent(fileId)}/content?inline=1`);
}
