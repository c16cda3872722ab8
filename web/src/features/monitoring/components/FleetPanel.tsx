import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Card, CardHeader } from '@/components/Card';
import { SegmentedControl, SelectField, TextField } from '@/components/Field';
import { EmptyState, ErrorState, Skeleton } from '@/components/States';
import { IconActivity } from '@/components/icons';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { errorMessage } from '@/lib/api/errors';
import type { MetricAggregation, MetricName, MetricQuery } from '@/lib/api/types';
import { humanize } from '@/lib/format';
import { useQueryMetricsQuery } from '../api/monitoringApi';
import { ChartLegend, MetricChart } from './MetricChart';
import { AGGREGATIONS, isRange, METRICS, RANGES, RESOURCE_TYPES, metricLabel, rangeBounds, seriesName, type RangeKey } from './metrics';

const GROUPS = [
  { id: 'resource', label: 'Resource' },
  { id: 'type', label: 'Resource type' },
  { id: 'providerId', label: 'Cloud account' },
  { id: 'region', label: 'Region' },
  { id: 'tag', label: 'Tag' },
] as const;

/** The fleet view's choices, kept in the URL (shareable, kept on reload). */
function useFleetParams() {
  const [params, setParams] = useSearchParams();
  const metricParam = params.get('metric');
  const metric: MetricName = METRICS.some((m) => m.id === metricParam) ? (metricParam as MetricName) : 'cpu_utilization';
  const aggParam = params.get('aggregation');
  const aggregation: MetricAggregation = AGGREGATIONS.some((a) => a.id === aggParam) ? (aggParam as MetricAggregation) : 'avg';
  const groupParam = params.get('groupBy') ?? 'resource';
  const group = groupParam.startsWith('tag:') || groupParam === 'tag' ? 'tag' : GROUPS.some((g) => g.id === groupParam) ? groupParam : 'resource';
  const tagKey = groupParam.startsWith('tag:') ? groupParam.slice(4) : '';
  const rangeParam = params.get('range');
  const range: RangeKey = isRange(rangeParam) ? rangeParam : '24h';
  const type = params.get('type') ?? '';
  const set = (changes: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  return { metric, aggregation, group, tagKey, range, type, set };
}

/** Fleet charts: one metric across resources, aggregated and grouped, over a range. */
export function FleetPanel() {
  const { metric, aggregation, group, tagKey, range, type, set } = useFleetParams();
  const providers = useListProvidersQuery();
  const accountName = (id: string) => providers.data?.find((p) => p.id === id)?.name ?? id;
  const { from, to } = useMemo(() => rangeBounds(RANGES[range]), [range]);
  const groupBy = group === 'tag' ? (tagKey ? `tag:${tagKey}` : null) : group;
  const q = useQueryMetricsQuery(
    { metric, aggregation, groupBy: groupBy ?? 'resource', type: (type || undefined) as MetricQuery['type'], from, to },
    { skip: groupBy === null },
  );
  const series = q.data?.series ?? [];
  const names = series.map((s) => seriesName(s, accountName));
  const title = `${AGGREGATIONS.find((a) => a.id === aggregation)?.label} ${metricLabel(metric).toLowerCase()}`;
  const chartLabel = `${title} by ${GROUPS.find((g) => g.id === group)?.label.toLowerCase()}${group === 'tag' && tagKey ? ` ${tagKey}` : ''} over the last ${range}`;

  return (
    <Card>
      <div className="monitoring-controls">
        <SelectField label="Metric" value={metric} onChange={(e) => set({ metric: e.target.value })} data-testid="fleet-metric">
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Aggregation" value={aggregation} onChange={(e) => set({ aggregation: e.target.value === 'avg' ? undefined : e.target.value })}>
          {AGGREGATIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Group by"
          value={group}
          onChange={(e) => set({ groupBy: e.target.value === 'resource' ? undefined : e.target.value === 'tag' ? `tag:${tagKey}` : e.target.value })}
          data-testid="fleet-group"
        >
          {GROUPS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </SelectField>
        {group === 'tag' && (
          <TextField label="Tag key" value={tagKey} onChange={(e) => set({ groupBy: `tag:${e.target.value}` })} placeholder="env" />
        )}
        <SelectField label="Resource type" value={type} onChange={(e) => set({ type: e.target.value })}>
          <option value="">All types</option>
          {RESOURCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </SelectField>
        <div className="monitoring-range">
          <SegmentedControl
            label="Time range"
            value={range}
            onChange={(r) => set({ range: r === '24h' ? undefined : r })}
            options={(Object.keys(RANGES) as RangeKey[]).map((r) => ({ value: r, label: r }))}
          />
        </div>
      </div>
      <CardHeader
        title={title}
        headingLevel={3}
        description={q.data ? `${series.length} series · ${q.data.resolution === 'raw' ? 'raw samples' : `${q.data.resolution} roll-ups`} · one point every ${Math.round(q.data.step / 60)} min${q.data.truncated ? ' · only the first 200 series' : ''}` : undefined}
      />
      <div className="card-body" aria-busy={q.isFetching || undefined}>
        {groupBy === null ? (
          <EmptyState title="Choose a tag key" description="Type the tag key to group by, e.g. env or team." icon={<IconActivity />} />
        ) : q.isLoading ? (
          <Skeleton height={260} />
        ) : q.error ? (
          <ErrorState title="Could not load the metric" message={errorMessage(q.error)} onRetry={q.refetch} />
        ) : series.length === 0 || series.every((s) => s.points.every((p) => p[1] === null)) ? (
          <EmptyState
            title="No data for this selection"
            description="Metrics appear once collection has read the watched resources (see the Collection tab), or choose another metric or range."
            icon={<IconActivity />}
          />
        ) : (
          <>
            <MetricChart series={series} metric={metric} names={names} rangeSeconds={RANGES[range]} label={chartLabel} testId="fleet-chart" />
            <ChartLegend names={names} />
          </>
        )}
      </div>
    </Card>
  );
}
