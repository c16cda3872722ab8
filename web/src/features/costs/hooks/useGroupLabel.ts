import { useCallback } from 'react';
import { useListProvidersQuery } from '@/lib/api/endpoints';
import type { CostGroup } from '../utils/view';

/** How a group's value reads: accounts by their name, a missing value as "Not set". */
export function useGroupLabel(group: CostGroup): (value: string) => string {
  const { data: accounts } = useListProvidersQuery(undefined, { skip: group !== 'account' });
  return useCallback(
    (value: string) => {
      if (value === '') return 'Not set';
      if (group === 'account') return accounts?.find((a) => a.id === value)?.name ?? value;
      return value;
    },
    [group, accounts],
  );
}
