import { apiDownload, apiRequest } from '@/lib/api/http';

/**
 * Saves a vault file (or one of its versions) through the browser's own download manager: the
 * session asks for a short-lived link, and the browser fetches it by itself — so a file of any
 * size never passes through the page's memory, and the download shows progress and can resume.
 */
export async function downloadVaultFile(fileId: string, name: string, versionId?: string) {
  const { data } = await apiRequest<{ url: string }>(`/vault/files/${encodeURIComponent(fileId)}/download-link`, {
    method: 'POST',
    body: versionId ? { versionId } : undefined,
  });
  follow(data.url, name);
}

/** Saves a folder (or the whole vault, `root`) as a zip, the same way: any size, streamed. */
export async function downloadVaultFolder(folderId: string, name: string) {
  const { data } = await apiRequest<{ url: string }>(`/vault/folders/${encodeURIComponent(folderId)}/download-link`, {
    method: 'POST',
  });
  follow(data.url, `${name}.zip`);
}

function follow(url: string, name: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The file's bytes for a preview (images, PDF and plain text only: the server says inline for those). */
export function previewBlob(fileId: string): Promise<Blob> {
  return apiDownload(`/vault/files/${encodeURIComponent(fileId)}/content?inline=1`);
}
