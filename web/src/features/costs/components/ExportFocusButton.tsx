import { useState } from 'react';
import { Button } from '@/components/Button';
import type { CostQuery } from '@/lib/api/types';
import { apiDownload } from '@/lib/api/http';
import { errorMessage } from '@/lib/api/errors';
import { downloadBlob } from '@/lib/download';
import { useToast } from '@/lib/toast/useToast';

/**
 * Downloads the cost rows behind the view (its range and filters) as a FOCUS 1.0 CSV, the
 * FinOps format other tools read; the server streams it, so large ranges work.
 */
export function ExportFocusButton({
  query,
  disabled,
  save = downloadBlob,
}: {
  query: CostQuery;
  disabled?: boolean;
  save?: (fileName: string, blob: Blob) => void;
}) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const run = async () => {
    setBusy(true);
    try {
      const params = { ...query, groupBy: undefined, format: 'focus' };
      save(`cloudweave-costs-focus-${query.from}-to-${query.to}.csv`, await apiDownload('/costs/export', { params }));
    } catch (e) {
      toast.error('Could not export the cost rows', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={run} disabled={disabled || busy} aria-busy={busy || undefined} data-testid="cost-export-focus" title="The cost rows in the FinOps FOCUS 1.0 format">
      {busy ? 'Exporting…' : 'Export FOCUS'}
    </Button>
  );
}
