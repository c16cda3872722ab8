import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { TextField } from '@/components/Field';

/** Asks for a name (a new folder, a rename); the server's message shows under the field. */
export function NameDialog({
  open,
  title,
  initial = '',
  submitLabel,
  error,
  busy,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  initial?: string;
  submitLabel: string;
  error?: string;
  busy?: boolean;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  useEffect(() => {
    if (open) setName(initial);
  }, [open, initial]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onSubmit(name);
  };
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="vault-name-form" loading={busy} disabled={!name.trim()}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id="vault-name-form" className="dialog-body" onSubmit={submit}>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={error} autoFocus maxLength={255} />
      </form>
    </Dialog>
  );
}
