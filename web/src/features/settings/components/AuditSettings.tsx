import { useState } from 'react';
import { Badge } from '@/components/Badge';
import { Card, CardHeader } from '@/components/Card';
import { CursorPagination, DataTable, type Column } from '@/components/DataTable';
import { SelectField, TextField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconShield } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { AuditEntry } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useDisplayTimeZone } from '@/lib/api/usePreferences';
import { useListAuditQuery } from '../api/settingsApi';

const PAGE = 50;

export function AuditSettings() {
  const [action, setAction] = useState('');
  const [result, setResult] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const tz = useDisplayTimeZone();
  const q = useListAuditQuery({ action: action || undefined, result: result || undefined, limit: PAGE, cursor: cursors[cursors.length - 1] });
  const columns: Column<AuditEntry>[] = [
    { key: 'time', header: 'Time', render: (a) => <time dateTime={a.timestamp} data-testid="audit-time">{formatDateTime(a.timestamp, tz)}</time> },
    { key: 'who', header: 'Actor', render: (a) => a.userEmail ?? (a.apiKeyId ? `API key ${a.apiKeyId}` : 'System') },
    { key: 'action', header: 'Action', render: (a) => <code>{a.action}</code> },
    { key: 'target', header: 'Target', render: (a) => (a.targetType ? `${a.targetType} ${a.targetId ?? ''}` : '—') },
    {
      key: 'result',
      header: 'Result',
      render: (a) => <Badge tone={a.result === 'success' ? 'success' : a.result === 'denied' ? 'warning' : 'danger'}>{a.result}</Badge>,
    },
    { key: 'ip', header: 'IP', render: (a) => <span className="mono">{a.ipAddress}</span> },
  ];
  return (
    <Card>
      <CardHeader title="Audit log" description="Every change and every denied attempt in your organization." />
      <div className="toolbar">
        <TextField label="Action" className="input-sm" placeholder="users.create" value={action} onChange={(e) => { setAction(e.target.value); setCursors([undefined]); }} />
        <SelectField label="Result" className="input-sm" value={result} onChange={(e) => { setResult(e.target.value); setCursors([undefined]); }}>
          <option value="">All results</option>
          <option value="success">Success</option>
          <option value="denied">Denied</option>
          <option value="failure">Failure</option>
        </SelectField>
      </div>
      <DataTable
        caption="Audit entries"
        columns={columns}
        rows={q.data?.items}
        getRowId={(a) => a.id}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error ? errorMessage(q.error) : null}
        onRetry={() => q.refetch()}
        empty={<EmptyState icon={<IconShield />} title="No audit entries" description="Nothing matches these filters." />}
      />
      {q.data && q.data.items.length > 0 && (
        <CursorPagination
          total={q.data.page.total}
          pageIndex={cursors.length - 1}
          pageSize={PAGE}
          shown={q.data.items.length}
          hasNext={!!q.data.page.nextCursor}
          onNext={() => q.data?.page.nextCursor && setCursors((c) => [...c, q.data!.page.nextCursor!])}
          onPrev={() => setCursors((c) => c.slice(0, -1))}
        />
      )}
    </Card>
  );
}
