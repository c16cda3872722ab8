import { lazy, Suspense, useCallback, useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Button } from '@/components/Button';
import { Card, CardBody } from '@/components/Card';
import { TextField } from '@/components/Field';
import { EmptyState, PageLoader } from '@/components/States';
import { IconLogo, IconVault } from '@/components/icons';
import type { VaultPublicShare } from '@/lib/api/types';
import { downloadBlob } from '@/lib/download';
import { formatDateTime } from '@/lib/format';
import { formatBytes } from '../utils/bytes';
import { publicShareState, type PublicShareState } from '../utils/publicShare';
import '@/styles/vault.css';

// Uppy loads only for a file-drop link.
const DropUploader = lazy(() => import('./DropUploader').then((m) => ({ default: m.DropUploader })));

const base = (token: string) => `/api/v1/public/shares/${encodeURIComponent(token)}`;

/** The page a share link opens (no sign-in): what is shared, its limits, and its download buttons. */
export function PublicSharePage() {
  const { token = '' } = useParams();
  const [state, setState] = useState<PublicShareState>({ kind: 'loading' });
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (pw?: string) => {
      const res = await fetch(base(token), { headers: pw ? { 'X-Share-Password': pw } : {} });
      const body = await res.json().catch(() => null);
      setState(publicShareState(res.status, body, res.headers.get('retry-after')));
    },
    [token],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const download = async (fileId: string | undefined, name: string) => {
    setBusy(fileId ?? 'file');
    try {
      const query = fileId ? `?fileId=${encodeURIComponent(fileId)}` : '';
      const res = await fetch(`${base(token)}/content${query}`, { headers: password ? { 'X-Share-Password': password } : {} });
      if (!res.ok) {
        setState(publicShareState(res.status, await res.json().catch(() => null), res.headers.get('retry-after')));
        return;
      }
      downloadBlob(name, await res.blob());
      void load(password || undefined);
    } finally {
      setBusy(null);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(password);
  };

  return (
    <main className="vault-public">
      <header className="vault-public-brand">
        <IconLogo /> CloudWeave
      </header>
      <Card className="vault-public-card">
        <CardBody>
          {state.kind === 'loading' && <PageLoader label="Opening the link" />}
          {state.kind === 'gone' && <EmptyState icon={<IconVault />} title="This link does not work" description={state.message} />}
          {(state.kind === 'password' || state.kind === 'throttled') && (
            <form className="stack" onSubmit={submit}>
              <h1 className="vault-public-title">This link is protected</h1>
              <TextField
                label="Password"
                type="password"
                autoFocus
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={state.kind === 'throttled' ? state.message : state.wrong ? 'Wrong password' : undefined}
              />
              <div>
                <Button variant="primary" type="submit" disabled={!password}>
                  Open
                </Button>
              </div>
            </form>
          )}
          {state.kind === 'ready' && <SharedItem share={state.share} token={token} password={password} busy={busy} onDownload={download} />}
        </CardBody>
      </Card>
    </main>
  );
}

function SharedItem({
  share,
  token,
  password,
  busy,
  onDownload,
}: {
  share: VaultPublicShare;
  token: string;
  password: string;
  busy: string | null;
  onDownload: (fileId: string | undefined, name: string) => void;
}) {
  const limits = [
    share.expiresAt && `Available until ${formatDateTime(share.expiresAt)}`,
    share.downloadsLeft !== null && `${share.downloadsLeft} download${share.downloadsLeft === 1 ? '' : 's'} left`,
  ].filter(Boolean);
  return (
    <div className="stack">
      <h1 className="vault-public-title">{share.name}</h1>
      {share.kind === 'file' && <p className="muted">{formatBytes(share.size ?? 0)}{share.mimeType ? ` · ${share.mimeType}` : ''}</p>}
      {limits.length > 0 && <p className="muted">{limits.join(' · ')}</p>}
      {share.uploadOnly ? (
        <UploadOnly token={token} password={password} />
      ) : share.kind === 'file' ? (
        <div>
          <Button variant="primary" loading={busy === 'file'} onClick={() => onDownload(undefined, share.name)}>
            Download
          </Button>
        </div>
      ) : (
        <ul className="vault-public-files" data-testid="vault-public-files">
          {(share.files ?? []).map((f) => (
            <li key={f.id}>
              <span>
                {f.path ?? f.name} <span className="muted">{formatBytes(f.size)}</span>
              </span>
              <Button size="sm" loading={busy === f.id} onClick={() => onDownload(f.id, f.name)}>
                Download
              </Button>
            </li>
          ))}
          {(share.files ?? []).length === 0 && <li className="muted">This folder is empty.</li>}
        </ul>
      )}
    </div>
  );
}

function UploadOnly({ token, password }: { token: string; password: string }) {
  const [sent, setSent] = useState(0);
  return (
    <div className="stack">
      <p>Add files to this folder. You will not see what others have sent.</p>
      <Suspense fallback={<PageLoader label="Loading the uploader" />}>
        <DropUploader token={token} password={password} onUploaded={() => setSent((n) => n + 1)} />
      </Suspense>
      {sent > 0 && <p role="status">{sent === 1 ? 'One file received.' : `${sent} files received.`}</p>}
    </div>
  );
}
