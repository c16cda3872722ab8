import { Button } from '@/components/Button';
import { SelectField } from '@/components/Field';
import { IconX } from '@/components/icons';
import type { FilterOption, FilterOptions } from '../hooks/useFilterOptions';
import { RANGE_PRESETS, type RangePreset } from '@/lib/costRanges';
import { FILTERS, GRANULARITIES, GROUPS, METRICS, type CostFilter, type CostView } from '../utils/view';

const FILTER_LABELS: Record<CostFilter, { label: string; all: string }> = {
  provider: { label: 'Provider', all: 'All providers' },
  account: { label: 'Account', all: 'All accounts' },
  service: { label: 'Service', all: 'All services' },
  region: { label: 'Region', all: 'All regions' },
};

/** The chosen value stays selectable even when the options do not list it (e.g. a shared link). */
function withCurrent(options: FilterOption[], current: string | undefined): FilterOption[] {
  return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
}

/** Range, grouping, granularity, metric and filters of the Costs page. */
export function CostToolbar({ view, options, onChange }: { view: CostView; options: FilterOptions; onChange: (next: CostView) => void }) {
  const hasFilters = FILTERS.some((f) => view.filters[f]);
  return (
    <div className="toolbar" role="search" aria-label="Cost view">
      <SelectField label="Date range" className="input-sm" value={view.range} onChange={(e) => onChange({ ...view, range: e.target.value as RangePreset })} data-testid="cost-range">
        {RANGE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>{p.label}</option>
        ))}
      </SelectField>
      <SelectField label="Group by" className="input-sm" value={view.group} onChange={(e) => onChange({ ...view, group: e.target.value as CostView['group'] })} data-testid="cost-group">
        {GROUPS.map((g) => (
          <option key={g.id} value={g.id}>{g.label}</option>
        ))}
      </SelectField>
      <SelectField label="Granularity" className="input-sm" value={view.granularity} onChange={(e) => onChange({ ...view, granularity: e.target.value as CostView['granularity'] })}>
        {GRANULARITIES.map((g) => (
          <option key={g} value={g}>{g[0].toUpperCase() + g.slice(1)}</option>
        ))}
      </SelectField>
      <SelectField label="Cost" className="input-sm" value={view.metric} onChange={(e) => onChange({ ...view, metric: e.target.value as CostView['metric'] })}>
        {METRICS.map((m) => (
          <option key={m.id} value={m.id}>{m.label}</option>
        ))}
      </SelectField>
      {FILTERS.map((f) => (
        <SelectField
          key={f}
          label={FILTER_LABELS[f].label}
          className="input-sm"
          value={view.filters[f] ?? ''}
          onChange={(e) => onChange({ ...view, filters: { ...view.filters, [f]: e.target.value || undefined } })}
          data-testid={`cost-filter-${f}`}
        >
          <option value="">{FILTER_LABELS[f].all}</option>
          {withCurrent(options[f], view.filters[f]).map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </SelectField>
      ))}
      {hasFilters && (
        <Button size="sm" variant="ghost" icon={<IconX />} onClick={() => onChange({ ...view, filters: {} })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
