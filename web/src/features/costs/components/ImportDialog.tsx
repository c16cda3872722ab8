import { useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Dialog } from '@/components/Dialog';
import { SelectField, TextField } from '@/components/Field';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { CostImportFormat } from '@/lib/api/types';
import { useImportCostsMutation } from '../api/costsApi';
import { ImportStatus } from './ImportStatus';

/** The formats of POST /costs/imports: the server converts the others to FOCUS row by row. */
const FORMATS: { id: CostImportFormat; label: string }[] = [
  { id: 'focus', label: 'FOCUS 1.0 CSV' },
  { id: 'aws-cur', label: 'AWS Cost and Usage Report (legacy CUR)' },
  { id: 'aws-cur2', label: 'AWS CUR 2.0 / Data Exports' },
  { id: 'azure', label: 'Azure cost details (EA / MCA export)' },
  { id: 'gcp', label: 'Google Cloud billing export (CSV)' },
  { id: 'oci', label: 'OCI cost report' },
];

const ACCEPT = '.csv,.csv.gz,.gz,text/csv,application/gzip';

/** Upload a cost file for one account, then follow its import until it succeeds or fails. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { data: accounts } = useListProvidersQuery();
  const [importCosts, { isLoading }] = useImportCostsMutation();
  const [providerId, setProviderId] = useState('');
  const [format, setFormat] = useState<CostImportFormat>('focus');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);

  const close = () => {
    setFile(null);
    setError(null);
    setImportId(null);
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!providerId || !file) return;
    setError(null);
    try {
      const started = await importCosts({ file, format, providerId }).unwrap();
      setImportId(started.importId);
    } catch (err) {
      setError(errorMessage(err, 'The upload failed'));
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import cost data"
      description="Upload a cost file (.csv or .csv.gz): FOCUS 1.0, or a cloud's own billing export. Billing periods in the file replace the account's data for those periods."
      size="lg"
    >
      {importId ? (
        <>
          <div className="dialog-body">
            <ImportStatus importId={importId} />
          </div>
          <div className="dialog-footer">
            <Button variant="primary" onClick={close}>
              Close
            </Button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} data-testid="import-form">
          <div className="dialog-body stack">
            <SelectField label="Cloud account" value={providerId} onChange={(e) => setProviderId(e.target.value)} required>
              <option value="">Choose the account the costs belong to</option>
              {accounts?.map((a) => (
                <option key={a.id} value={a.id}>{a.name}</option>
              ))}
            </SelectField>
            <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as CostImportFormat)}>
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </SelectField>
            <TextField
              label="File"
              type="file"
              accept={ACCEPT}
              hint="Up to 10 GiB; the file is streamed, then checked row by row before anything is imported."
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="dialog-footer">
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={isLoading} disabled={!providerId || !file}>
              Upload and import
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
