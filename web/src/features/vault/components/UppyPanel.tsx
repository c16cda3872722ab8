import { useEffect, useRef } from 'react';
import Uppy, { type Meta } from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import Tus from '@uppy/tus';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';

export interface UppyPanelProps {
  /** The tus endpoint (members: /api/v1/vault/uploads; a file drop: its link's). */
  endpoint: string;
  /** Headers each request carries, read when it is sent (a token that was refreshed meanwhile). */
  headers: () => Record<string, string>;
  /** The tus metadata of one file. */
  metadata: (file: { name?: string; type?: string }) => Record<string, string>;
  initialFiles?: File[];
  onUploaded?: () => void;
  height?: number;
}

/**
 * Uppy's dashboard, inline: drag and drop (files or folders), progress, pause, resume and retry,
 * sent with tus in 8 MiB pieces. Built once per endpoint: a parent re-rendering (a listing that
 * refreshed after a file) does not lose what is in progress.
 */
export function UppyPanel({ endpoint, headers, metadata, initialFiles, onUploaded, height = 380 }: UppyPanelProps) {
  const target = useRef<HTMLDivElement>(null);
  const latest = useRef({ headers, metadata, onUploaded });
  latest.current = { headers, metadata, onUploaded };
  useEffect(() => {
    if (!target.current) return;
    const uppy = new Uppy<Meta, Record<string, never>>({ autoProceed: false })
      .use(Dashboard, {
        inline: true,
        target: target.current,
        width: '100%',
        height,
        proudlyDisplayPoweredByUppy: false,
        fileManagerSelectionType: 'both',
        theme: document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
      })
      .use(Tus, {
        endpoint,
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000],
        removeFingerprintOnSuccess: true,
        allowedMetaFields: ['filename', 'folderId', 'filetype'],
        onBeforeRequest: (req) => {
          for (const [name, value] of Object.entries(latest.current.headers())) req.setHeader(name, value);
        },
      });
    uppy.on('file-added', (file) => uppy.setFileMeta(file.id, latest.current.metadata(file)));
    uppy.on('upload-success', () => latest.current.onUploaded?.());
    for (const f of initialFiles ?? []) {
      try {
        uppy.addFile({ name: f.name, type: f.type, data: f, source: 'drop' });
      } catch {
        // a duplicate or a restricted file: Uppy shows why
      }
    }
    return () => uppy.destroy();
  }, [endpoint, initialFiles, height]);
  return <div ref={target} data-testid="vault-uppy" />;
}
