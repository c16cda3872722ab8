import { uploadMetadata } from '../utils/upload';
import { UppyPanel } from './UppyPanel';

/** A file-drop link's upload area (the public page): files go into the shared folder. */
export function DropUploader({ token, password, onUploaded }: { token: string; password: string; onUploaded: () => void }) {
  return (
    <UppyPanel
      endpoint={`/api/v1/public/shares/${encodeURIComponent(token)}/uploads`}
      headers={(): Record<string, string> => (password ? { 'X-Share-Password': password } : {})}
      metadata={(file) => uploadMetadata(file, 'root')}
      onUploaded={onUploaded}
      height={320}
    />
  );
}
