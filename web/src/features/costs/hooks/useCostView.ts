import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { searchFromView, viewFromSearch, type CostView } from '../utils/view';

/** The Costs page's view, kept in the URL query so a link (or Back) shows the same breakdown. */
export function useCostView(): [CostView, (next: CostView) => void] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFromSearch(params), [params]);
  const setView = useCallback((next: CostView) => setParams(searchFromView(next)), [setParams]);
  return [view, setView];
}
