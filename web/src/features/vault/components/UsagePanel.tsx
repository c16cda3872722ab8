import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/Button';
import { Card, CardBody, CardHeader, Stat } from '@/components/Card';
import { SelectField, TextField } from '@/components/Field';
import { ErrorState, ProgressBar, Skeleton } from '@/components/States';
import { errorMessage, fieldErrors } from '@/lib/api/errors';
import { formatNumber } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import { useGetAnalyticsQuery, useGetSettingsQuery, useGetUsageQuery, useUpdateSettingsMutation } from '../api/vaultApi';
import { formatBytes, parseSize, splitSize, type SizeUnit } from '../utils/bytes';

const UsageByTypeChart = lazy(() => import('./UsageChart').then((m) => ({ default: m.UsageByTypeChart })));
const StorageOverTimeChart = lazy(() => import('./UsageChart').then((m) => ({ default: m.StorageOverTimeChart })));
const ActivityChart = lazy(() => import('./UsageChart').then((m) => ({ default: m.ActivityChart })));
const StorageByUserChart = lazy(() => import('./UsageChart').then((m) => ({ default: m.StorageByUserChart })));

/** What is stored against the quota, by kind and by member; the limits, which admins change. */
export function UsagePanel({ canManage }: { canManage: boolean }) {
  const usage = useGetUsageQuery();
  const settings = useGetSettingsQuery();
  const analytics = useGetAnalyticsQuery();
  if (usage.error) return <ErrorState message={errorMessage(usage.error)} onRetry={usage.refetch} />;
  const u = usage.data;
  const share = u?.quota ? Math.min(100, (u.used / u.quota) * 100) : null;
  return (
    <div className="stack">
      <Card>
        <CardHeader title="Storage" description="Every version of every file counts, trash included; identical files are stored once." />
        <CardBody>
          {!u ? (
            <Skeleton height={80} />
          ) : (
            <div className="stack">
              <p className="vault-quota-line">{u.quota ? `${formatBytes(u.used)} of ${formatBytes(u.quota)} used` : `${formatBytes(u.used)} used — no quota set`}</p>
              {share !== null && <ProgressBar value={share} label="Quota used" />}
              <div className="vault-stats">
                <Stat label="Files" value={formatNumber(u.files)} />
                <Stat label="Used" value={formatBytes(u.used)} />
                <Stat label="In the trash" value={formatBytes(u.trash)} />
                <Stat label="Older versions" value={formatBytes(u.versions)} />
                <Stat label="On disk" value={formatBytes(u.stored)} />
              </div>
            </div>
          )}
        </CardBody>
      </Card>
      {analytics.data && (
        <div className="vault-analytics">
          <Card>
            <CardHeader title="Storage over the last 30 days" />
            <CardBody>
              <Suspense fallback={<Skeleton height={220} />}>
                <StorageOverTimeChart analytics={analytics.data} />
              </Suspense>
            </CardBody>
          </Card>
          {analytics.data.storageByUser.length > 0 && (
            <Card>
              <CardHeader title="Storage by member" description="The members storing most, every version and the trash included." />
              <CardBody>
                <Suspense fallback={<Skeleton height={220} />}>
                  <StorageByUserChart analytics={analytics.data} />
                </Suspense>
              </CardBody>
            </Card>
          )}
          <Card>
            <CardHeader title="Uploads and downloads" />
            <CardBody>
              <Suspense fallback={<Skeleton height={220} />}>
                <ActivityChart analytics={analytics.data} />
              </Suspense>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Largest files" />
            <CardBody>
              <ol className="vault-ranking">
                {analytics.data.largest.map((f) => (
                  <li key={f.id}>
                    <span>{f.name}</span>
                    <span className="muted">{formatBytes(f.size)}</span>
                  </li>
                ))}
                {analytics.data.largest.length === 0 && <li className="muted">No files yet.</li>}
              </ol>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Most downloaded" />
            <CardBody>
              <ol className="vault-ranking">
                {analytics.data.mostDownloaded.map((f) => (
                  <li key={f.id}>
                    <span>{f.name}</span>
                    <span className="muted">{formatNumber(f.downloads)} {f.downloads === 1 ? 'download' : 'downloads'}</span>
                  </li>
                ))}
                {analytics.data.mostDownloaded.length === 0 && <li className="muted">Nothing downloaded yet.</li>}
              </ol>
            </CardBody>
          </Card>
        </div>
      )}
      {u && u.byType.length > 0 && (
        <Card>
          <CardHeader title="By kind of file" />
          <CardBody>
            <Suspense fallback={<Skeleton height={220} />}>
              <UsageByTypeChart usage={u} />
            </Suspense>
          </CardBody>
        </Card>
      )}
      {u && u.byUser.length > 0 && (
        <Card>
          <CardHeader title="By member" />
          <CardBody>
            <ul className="vault-users">
              {u.byUser.map((m) => (
                <li key={m.userId}>
                  <span>{m.name}</span>
                  <span className="muted">{m.quota ? `${formatBytes(m.used)} of ${formatBytes(m.quota)}` : formatBytes(m.used)}</span>
                  {m.quota ? <ProgressBar value={Math.min(100, (m.used / m.quota) * 100)} label={`${m.name}: quota used`} /> : null}
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      )}
      {settings.data && <LimitsCard canManage={canManage} />}
    </div>
  );
}

function SizeInput({ label, bytes, onChange, error }: { label: string; bytes: number | null; onChange: (b: string, unit: SizeUnit) => void; error?: string }) {
  const [initial, initialUnit] = splitSize(bytes);
  const [value, setValue] = useState(initial);
  const [unit, setUnit] = useState<SizeUnit>(initialUnit);
  return (
    <div className="vault-size-input">
      <TextField label={label} value={value} inputMode="decimal" placeholder="No limit" error={error} onChange={(e) => { setValue(e.target.value); onChange(e.target.value, unit); }} />
      <SelectField label={`${label} unit`} hideLabel value={unit} onChange={(e) => { setUnit(e.target.value as SizeUnit); onChange(value, e.target.value as SizeUnit); }}>
        <option value="MB">MB</option>
        <option value="GB">GB</option>
        <option value="TB">TB</option>
      </SelectField>
    </div>
  );
}

function LimitsCard({ canManage }: { canManage: boolean }) {
  const { data } = useGetSettingsQuery();
  const [save, saving] = useUpdateSettingsMutation();
  const toast = useToast();
  const [quota, setQuota] = useState<[string, SizeUnit]>(['', 'GB']);
  const [userQuota, setUserQuota] = useState<[string, SizeUnit]>(['', 'GB']);
  const [maxVersions, setMaxVersions] = useState('');
  const [trashDays, setTrashDays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!data) return;
    setQuota(splitSize(data.quotaBytes));
    setUserQuota(splitSize(data.userQuotaBytes));
    setMaxVersions(String(data.maxVersions));
    setTrashDays(String(data.trashDays));
  }, [data]);
  if (!data) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = parseSize(...quota);
    const uq = parseSize(...userQuota);
    const local: Record<string, string> = {};
    if (Number.isNaN(q)) local.quotaBytes = 'A size, like 50 (GB), or empty for no quota';
    if (Number.isNaN(uq)) local.userQuotaBytes = 'A size, like 5 (GB), or empty for no quota';
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await save({ quotaBytes: q, userQuotaBytes: uq, maxVersions: Number(maxVersions), trashDays: Number(trashDays) }).unwrap();
      toast.success('Vault limits saved');
    } catch (err) {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length) setErrors(fields);
      else toast.error('Could not save the limits', errorMessage(err));
    }
  };
  return (
    <Card>
      <CardHeader title="Limits" description={`The largest file this server accepts is ${formatBytes(data.maxUploadBytes)}.`} />
      <CardBody>
        {canManage ? (
          <form className="vault-limits" onSubmit={submit}>
            <SizeInput key={`q${data.quotaBytes}`} label="Organization quota" bytes={data.quotaBytes} onChange={(v, u) => setQuota([v, u])} error={errors.quotaBytes} />
            <SizeInput key={`u${data.userQuotaBytes}`} label="Quota per member" bytes={data.userQuotaBytes} onChange={(v, u) => setUserQuota([v, u])} error={errors.userQuotaBytes} />
            <TextField label="Versions kept per file" type="number" min={1} max={1000} value={maxVersions} onChange={(e) => setMaxVersions(e.target.value)} error={errors.maxVersions} />
            <TextField label="Days in the trash" type="number" min={1} max={3650} value={trashDays} onChange={(e) => setTrashDays(e.target.value)} error={errors.trashDays} />
            <div>
              <Button variant="primary" type="submit" loading={saving.isLoading}>
                Save limits
              </Button>
            </div>
          </form>
        ) : (
          <dl className="vault-details">
            <dt>Organization quota</dt>
            <dd>{data.quotaBytes ? formatBytes(data.quotaBytes) : 'none'}</dd>
            <dt>Quota per member</dt>
            <dd>{data.userQuotaBytes ? formatBytes(data.userQuotaBytes) : 'none'}</dd>
            <dt>Versions kept</dt>
            <dd>{data.maxVersions}</dd>
            <dt>Days in the trash</dt>
            <dd>{data.trashDays}</dd>
          </dl>
        )}
      </CardBody>
    </Card>
  );
}
