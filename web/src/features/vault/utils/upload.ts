/** The tus metadata of one file, as the vault reads it (api/openapi.yaml: filename, folderId, filetype). */
export function uploadMetadata(file: { name?: string; type?: string }, folderId: string): Record<string, string> {
  const meta: Record<string, string> = { filename: file.name ?? 'file', folderId };
  if (file.type) meta.filetype = file.type;
  return meta;
}
