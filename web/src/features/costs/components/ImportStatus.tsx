import { ErrorState, ProgressBar } from '@/components/States';
import { errorMessage } from '@/lib/api/errors';
import { formatNumber } from '@/lib/format';
import type { CostImport } from '@/lib/api/types';
import { costsApi, useGetCostImportQuery } from '../api/costsApi';
import { ImportProblems } from './ImportProblems';

const POLL_MS = 1000;

const STEP: Record<CostImport['state'], string> = {
  queued: 'Waiting for a worker…',
  validating: 'Checking every row…',
  importing: 'Importing rows…',
  succeeded: 'Imported',
  failed: 'Failed',
};

function finished(state: CostImport['state'] | undefined) {
  return state === 'succeeded' || state === 'failed';
}

/** Follows an import (polling GET /costs/imports/{id}) until it succeeds or fails. */
export function ImportStatus({ importId }: { importId: string }) {
  // The cached state decides whether to keep polling (the query's own result is not known yet).
  const cached = costsApi.endpoints.getCostImport.useQueryState(importId);
  const { data, error, refetch } = useGetCostImportQuery(importId, { pollingInterval: finished(cached.data?.state) ? 0 : POLL_MS });
  if (error && !data) return <ErrorState title="Could not read the import's state" message={errorMessage(error)} onRetry={refetch} />;
  if (!data || !finished(data.state)) {
    const label = STEP[data?.state ?? 'queued'];
    return (
      <div className="stack" aria-live="polite" data-testid="import-progress">
        <p>{label}</p>
        <ProgressBar value={null} label={label} />
      </div>
    );
  }
  if (data.state === 'failed') {
    return (
      <div className="stack" data-testid="import-failed">
        <p role="alert">
          <strong>Nothing was imported.</strong> {data.errors.length ? 'Fix these problems and upload the file again:' : ''}
        </p>
        {data.errors.length > 0 && <ImportProblems problems={data.errors} />}
      </div>
    );
  }
  return (
    <div className="stack" data-testid="import-succeeded" aria-live="polite">
      <p>
        <strong>Imported {formatNumber(data.rows)} rows</strong> from {data.fileName}
        {data.periods.length > 0 && <> for the billing periods starting {data.periods.join(', ')}</>}.
      </p>
      {data.warnings.length > 0 && (
        <ul className="muted" aria-label="Warnings">
          {data.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
