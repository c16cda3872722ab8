import { Dialog } from '@/components/Dialog';
import { API_BASE } from '@/lib/api/http';
import { tokenStore } from '@/lib/auth/tokenStore';
import { uploadMetadata } from '../utils/upload';
import { UppyPanel } from './UppyPanel';

/**
 * Uploads into a folder, in a dialog. Files of a dropped folder land in the current folder. Each
 * request takes the current access token, so a long upload outlives the 15-minute token.
 */
export function UploadDialog({
  open,
  folderId,
  initialFiles,
  onClose,
  onUploaded,
}: {
  open: boolean;
  folderId: string;
  initialFiles?: File[];
  onClose: () => void;
  onUploaded: () => void;
}) {
  return (
    <Dialog open={open} title="Upload files" description="Interrupted uploads resume where they stopped." onClose={onClose} size="lg">
      <div className="dialog-body">
        <UppyPanel
          key={folderId}
          endpoint={`${API_BASE}/vault/uploads`}
          headers={(): Record<string, string> => {
            const token = tokenStore.get()?.accessToken;
            return token ? { Authorization: `Bearer ${token}` } : {};
          }}
          metadata={(file) => uploadMetadata(file, folderId)}
          initialFiles={initialFiles}
          onUploaded={onUploaded}
        />
      </div>
    </Dialog>
  );
}
