import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VaultAnalytics, VaultUsage } from '@/lib/api/types';
import { humanize } from '@/lib/format';
import { formatBytes } from '../utils/bytes';

const tooltipStyle = {
  background: 'var(--bg-elevated)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 12,
};
const axis = { fill: 'var(--chart-axis)', fontSize: 11 };

/** Stored bytes per kind of file, one bar each. */
export function UsageByTypeChart({ usage }: { usage: VaultUsage }) {
  const data = [...usage.byType].sort((a, b) => b.bytes - a.bytes).map((t) => ({ type: humanize(t.type), bytes: t.bytes, files: t.files }));
  return (
    <figure className="chart-box vault-chart" role="img" aria-label="Storage by kind of file" data-testid="vault-type-chart">
      <figcaption className="sr-only">
        Storage by kind of file: {data.map((d) => `${d.type} ${formatBytes(d.bytes)} in ${d.files} files`).join(', ')}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="type" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} width={64} tickFormatter={(v: number) => formatBytes(v)} />
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} formatter={(v) => formatBytes(Number(v))} />
          <Bar dataKey="bytes" name="Stored" fill="var(--accent)" isAnimationActive={false} maxBarSize={48} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Storage used at the end of each day (as the quota counts it). */
export function StorageOverTimeChart({ analytics }: { analytics: VaultAnalytics }) {
  const data = analytics.storageOverTime.map((d) => ({ date: d.date.slice(5), used: d.used }));
  return (
    <figure className="chart-box vault-chart" role="img" aria-label="Storage used per day" data-testid="vault-storage-chart">
      <figcaption className="sr-only">
        Storage used per day: {analytics.storageOverTime.map((d) => `${d.date} ${formatBytes(d.used)}`).join(', ')}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <AreaChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="date" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} width={64} tickFormatter={(v: number) => formatBytes(v)} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatBytes(Number(v))} />
          <Area dataKey="used" name="Used" stroke="var(--accent)" fill="var(--accent)" fillOpacity={0.2} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Each member's storage per day (the members storing most), one line each. */
export function StorageByUserChart({ analytics }: { analytics: VaultAnalytics }) {
  const people = analytics.storageByUser;
  const rows = new Map<string, Record<string, number | string>>();
  people.forEach((p, i) => {
    for (const pt of p.points) {
      const row = rows.get(pt.date) ?? rows.set(pt.date, { date: pt.date.slice(5) }).get(pt.date)!;
      row[`u${i}`] = pt.used;
    }
  });
  const data = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
  return (
    <figure className="chart-box vault-chart" role="img" aria-label="Storage per member per day" data-testid="vault-user-storage-chart">
      <figcaption className="sr-only">
        Storage per member:{' '}
        {people.map((p) => `${p.name} ${formatBytes(p.points[p.points.length - 1]?.used ?? 0)} on the last day`).join(', ')}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="date" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} width={64} tickFormatter={(v: number) => formatBytes(v)} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatBytes(Number(v))} />
          <Legend />
          {people.map((p, i) => (
            <Line key={p.userId} dataKey={`u${i}`} name={p.name} stroke={`var(--chart-${(i % 8) + 1})`} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Files uploaded and downloaded each day (downloads through share links apart). */
export function ActivityChart({ analytics }: { analytics: VaultAnalytics }) {
  const days = new Map<string, { date: string; uploads: number; downloads: number; viaLinks: number }>();
  const day = (date: string) => days.get(date) ?? days.set(date, { date, uploads: 0, downloads: 0, viaLinks: 0 }).get(date)!;
  for (const u of analytics.uploadsPerDay) day(u.date).uploads = u.files;
  for (const d of analytics.downloadsPerDay) {
    day(d.date).downloads = d.files - d.viaLinks;
    day(d.date).viaLinks = d.viaLinks;
  }
  const data = [...days.values()].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ ...d, date: d.date.slice(5) }));
  return (
    <figure className="chart-box vault-chart" role="img" aria-label="Uploads and downloads per day" data-testid="vault-activity-chart">
      <figcaption className="sr-only">
        Uploads and downloads per day: {data.map((d) => `${d.date}: ${d.uploads} uploaded, ${d.downloads + d.viaLinks} downloaded`).join('; ')}.
      </figcaption>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 220 }}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="date" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} allowDecimals={false} width={40} />
          <Tooltip cursor={{ fill: 'var(--bg-hover)' }} contentStyle={tooltipStyle} />
          <Legend />
          <Bar dataKey="uploads" name="Uploaded" fill="var(--accent)" isAnimationActive={false} maxBarSize={32} />
          <Bar dataKey="downloads" name="Downloaded" stackId="d" fill="var(--info)" isAnimationActive={false} maxBarSize={32} />
          <Bar dataKey="viaLinks" name="Through links" stackId="d" fill="var(--warning)" isAnimationActive={false} maxBarSize={32} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
