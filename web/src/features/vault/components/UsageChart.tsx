import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VaultUsage } from '@/lib/api/types';
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
