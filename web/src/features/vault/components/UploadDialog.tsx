import { useEffect, useRef } from 'react';
import Uppy, { type Meta } from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import Tus from '@uppy/tus';
import { Dialog } from '@/components/Dialog';
import { API_BASE } from '@/lib/api/http';
import { tokenStore } from '@/lib/auth/tokenStore';
import { uploadMetadata } from '../utils/upload';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';

/**
 * Uppy's dashboard in a dialog: drag and drop (files or folders), progress, pause, resume and
 * retry, sent with tus in 8 MiB pieces. Files of a dropped folder land in the current folder.
 * Each request takes the current access token, so a long upload outlives the 15-minute token.
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
  const target = useRef<HTMLDivElement>(null);
  // The listing refreshes after each file; that must not rebuild Uppy (and lose its progress).
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;
  useEffect(() => {
    if (!open || !target.current) return;
    const uppy = new Uppy<Meta, Record<string, never>>({ autoProceed: false })
      .use(Dashboard, {
        inline: true,
        target: target.current,
        width: '100%',
        height: 380,
        proudlyDisplayPoweredByUppy: false,
        fileManagerSelectionType: 'both',
        theme: document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
      })
      .use(Tus, {
        endpoint: `${API_BASE}/vault/uploads`,
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000],
        removeFingerprintOnSuccess: true,
        allowedMetaFields: ['filename', 'folderId', 'filetype'],
        onBeforeRequest: (req) => {
          const token = tokenStore.get()?.accessToken;
          if (token) req.setHeader('Authorization', `Bearer ${token}`);
        },
      });
    uppy.on('file-added', (file) => uppy.setFileMeta(file.id, uploadMetadata(file, folderId)));
    uppy.on('upload-success', () => uploaded.current());
    for (const f of initialFiles ?? []) {
      try {
        uppy.addFile({ name: f.name, type: f.type, data: f, source: 'drop' });
      } catch {
        // a duplicate or a restricted file: Uppy shows why
      }
    }
    return () => uppy.destroy();
  }, [open, folderId, initialFiles]);
  return (
    <Dialog open={open} title="Upload files" description="Interrupted uploads resume where they stopped." onClose={onClose} size="lg">
      <div className="dialog-body">
        <div ref={target} data-testid="vault-uppy" />
      </div>
    </Dialog>
  );
}
