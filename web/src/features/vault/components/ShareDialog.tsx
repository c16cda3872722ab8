import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { Checkbox, TextField } from '@/components/Field';
import { IconCopy } from '@/components/icons';
import { errorMessage, fieldErrors } from '@/lib/api/errors';
import type { VaultItem, VaultShare } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import { useCreateShareMutation } from '../api/vaultApi';

/** Makes a share link with its options, then shows it once with a copy button. */
export function ShareDialog({ item, onClose }: { item: VaultItem; onClose: () => void }) {
  const [expires, setExpires] = useState('');
  const [password, setPassword] = useState('');
  const [maxDownloads, setMaxDownloads] = useState('');
  const [uploadOnly, setUploadOnly] = useState(false);
  const [made, setMade] = useState<VaultShare | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [create, creating] = useCreateShareMutation();
  const toast = useToast();
  const url = made?.url ? new URL(made.url, window.location.origin).toString() : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const link = await create({
        itemId: item.id,
        expiresAt: expires ? new Date(expires).toISOString() : undefined,
        password: password || undefined,
        maxDownloads: maxDownloads ? Number(maxDownloads) : undefined,
        uploadOnly: item.kind === 'folder' && uploadOnly ? true : undefined,
      }).unwrap();
      setMade(link);
    } catch (err) {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length) setErrors(fields);
      else toast.error('Could not create the link', errorMessage(err));
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      toast.success('Link copied');
    } catch {
      toast.info('Select the link and copy it');
    }
  };

  return (
    <Dialog
      open
      title={`Share ${item.name}`}
      description={made ? undefined : 'Anyone with the link can open it, within the limits you set.'}
      onClose={onClose}
      footer={
        made ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" type="submit" form="vault-share-form" loading={creating.isLoading}>
              Create link
            </Button>
          </>
        )
      }
    >
      {made ? (
        <div className="dialog-body stack">
          <TextField label="Link" value={url} readOnly onFocus={(e) => e.currentTarget.select()} data-testid="vault-share-url" />
          <div>
            <Button icon={<IconCopy />} onClick={() => void copy()}>
              Copy link
            </Button>
          </div>
          <p className="muted">The link is shown only now: CloudWeave keeps no copy of it. Revoke it under Shared links.</p>
        </div>
      ) : (
        <form id="vault-share-form" className="dialog-body stack" onSubmit={submit}>
          <TextField label="Expires" type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} error={errors.expiresAt} hint="Empty: the link works until revoked." />
          <TextField label="Password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint="Optional, 8 to 128 characters." />
          <TextField label="Maximum downloads" type="number" min={1} value={maxDownloads} onChange={(e) => setMaxDownloads(e.target.value)} error={errors.maxDownloads} hint="Counted when a download completes." />
          {item.kind === 'folder' && (
            <Checkbox label="Upload only (a file drop: visitors can add files but see nothing)" checked={uploadOnly} onChange={(e) => setUploadOnly(e.target.checked)} />
          )}
        </form>
      )}
    </Dialog>
  );
}
