import { Button } from '@/components/Button';
import { ProgressBar, Spinner } from '@/components/States';
import { formatNumber } from '@/lib/format';
import type { ExportState } from '../hooks/useCsvExport';

function IconDownload(props: { width?: number; height?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={16} height={16} fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  );
}

export function ExportCsvButton({ state, onStart, disabled }: { state: ExportState; onStart: () => void; disabled?: boolean }) {
  return (
    <Button
      icon={<IconDownload />}
      onClick={onStart}
      disabled={disabled || state.status === 'running'}
      data-testid="export-csv"
      title="Download every resource matching the filters as CSV"
    >
      Export CSV
    </Button>
  );
}

/** Progress of a running export (with Cancel), or how the last one ended. */
export function ExportStatus({ state, onCancel, onDismiss }: { state: ExportState; onCancel: () => void; onDismiss: () => void }) {
  if (state.status === 'idle') return null;
  if (state.status === 'running') {
    const pct = state.total ? (state.fetched / state.total) * 100 : null;
    return (
      <div className="export-status" data-testid="export-status">
        <Spinner label="" />
        <span aria-live="polite">
          Exporting {formatNumber(state.fetched)}
          {state.total !== null && ` of ${formatNumber(state.total)}`} resources…
        </span>
        <div className="grow">
          <ProgressBar value={pct} label="Export progress" />
        </div>
        <Button size="sm" variant="ghost" onClick={onCancel} data-testid="export-cancel">
          Cancel
        </Button>
      </div>
    );
  }
  const text =
    state.status === 'done'
      ? `Exported ${formatNumber(state.count)} resources to ${state.fileName}.`
      : state.status === 'cancelled'
        ? 'Export cancelled; nothing was downloaded.'
        : `Export failed after ${formatNumber(state.fetched)} resources: ${state.message}`;
  return (
    <div className={`export-status${state.status === 'error' ? ' error' : ''}`} role={state.status === 'error' ? 'alert' : 'status'} data-testid="export-status">
      <span className="grow">{text}</span>
      <Button size="sm" variant="ghost" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}
