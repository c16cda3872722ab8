import { useMemo } from 'react';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import { useGetCostBreakdownQuery } from '@/lib/api/costs';
import { providerLabel } from '@/lib/format';
import type { CostQuery } from '@/lib/api/types';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterOptions {
  provider: FilterOption[];
  account: FilterOption[];
  service: FilterOption[];
  region: FilterOption[];
}

function sorted(values: Iterable<string>): FilterOption[] {
  return [...new Set(values)].filter(Boolean).sort().map((v) => ({ value: v, label: v }));
}

/**
 * What each filter can choose from: providers and accounts from the cloud accounts, services and
 * regions from one breakdown of the same range by both (the API has no list of its own).
 */
export function useFilterOptions(range: Pick<CostQuery, 'from' | 'to' | 'currency'>, { skip = false }: { skip?: boolean } = {}): FilterOptions {
  const { data: accounts } = useListProvidersQuery();
  const { data: dims } = useGetCostBreakdownQuery({ ...range, groupBy: 'service,region', granularity: 'monthly', limit: 1000 }, { skip });
  return useMemo(() => {
    const series = dims?.series ?? [];
    return {
      provider: [...new Set((accounts ?? []).map((a) => a.provider))].sort().map((p) => ({ value: p, label: providerLabel(p) })),
      account: (accounts ?? []).map((a) => ({ value: a.id, label: a.name })).sort((a, b) => a.label.localeCompare(b.label)),
      service: sorted(series.map((s) => s.key.service ?? '')),
      region: sorted(series.map((s) => s.key.region ?? '')),
    };
  }, [accounts, dims]);
}
