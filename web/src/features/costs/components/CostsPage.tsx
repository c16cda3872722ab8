import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '@/components/Button';
import { Card, CardHeader, PageHeader } from '@/components/Card';
import { Tabs, tabPanelProps, type TabItem } from '@/components/Tabs';
import { ErrorState, Skeleton } from '@/components/States';
import { useGetCostBreakdownQuery } from '@/lib/api/costs';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { asApiError, errorMessage } from '@/lib/api/errors';
import { can } from '@/lib/auth/permissions';
import { useCostView } from '../hooks/useCostView';
import { useFilterOptions } from '../hooks/useFilterOptions';
import { useGroupLabel } from '../hooks/useGroupLabel';
import { breakdownRows } from '../utils/breakdown';
import { RANGE_PRESETS } from '@/lib/costRanges';
import { canDrillDown, drillDown, FILTERS, GROUPS, toCostQuery, toForecastQuery } from '../utils/view';
import { AnomaliesPanel } from './AnomaliesPanel';
import { BreakdownTable } from './BreakdownTable';
import { BudgetsPanel } from './BudgetsPanel';
import { CostsEmpty } from './CostsEmpty';
import { CostSources } from './CostSources';
import { CostToolbar } from './CostToolbar';
import { CostTotals } from './CostTotals';
import { CurrencyChoice } from './CurrencyChoice';
import { ExportCsvButton } from './ExportCsvButton';
import { ExchangeRatesDialog } from './ExchangeRatesDialog';
import { ExportFocusButton } from './ExportFocusButton';
import { ForecastCard } from './ForecastCard';
import { ImportDialog } from './ImportDialog';
import { RecommendationsCard } from './RecommendationsCard';
import { TopMovers } from './TopMovers';
import '@/styles/costs.css';

const SpendChart = lazy(() => import('./SpendChart').then((m) => ({ default: m.SpendChart })));

/** Currencies the API listed when it refused to add several up (400 with details.currencies). */
function currenciesOf(error: unknown): string[] | null {
  const details = asApiError(error)?.details as { currencies?: unknown } | undefined;
  return Array.isArray(details?.currencies) ? details.currencies.map(String) : null;
}

const TABS: TabItem<CostTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'budgets', label: 'Budgets' },
  { id: 'anomalies', label: 'Anomalies' },
  { id: 'savings', label: 'Savings' },
  { id: 'sources', label: 'Data sources' },
];
type CostTab = 'overview' | 'budgets' | 'anomalies' | 'savings' | 'sources';

/** The Costs area: spend over time by a chosen group (totals, forecast, movers, breakdown),
 * budgets, anomalies and where the data comes from; the tab and the view are kept in the URL. */
export function CostsPage() {
  const [view, setView] = useCostView();
  const [params, setParams] = useSearchParams();
  const tab: CostTab = TABS.some((t) => t.id === params.get('tab')) ? (params.get('tab') as CostTab) : 'overview';
  const selectTab = (next: CostTab) => {
    const p = new URLSearchParams(params);
    if (next === 'overview') p.delete('tab');
    else p.set('tab', next);
    setParams(p);
  };
  // The day "last 30 days" ends on: fixed for the page's life so queries stay cached.
  const [now] = useState(() => new Date());
  const query = useMemo(() => toCostQuery(view, now), [view, now]);
  const current = useGetCostBreakdownQuery(query, { skip: tab !== 'overview' });
  const forecastQuery = useMemo(() => toForecastQuery(view), [view]);
  const breakdown = current.data;
  const { data: me } = useGetMeQuery();
  // The toolbar's choices are only needed on the overview.
  const options = useFilterOptions({ from: query.from, to: query.to, currency: view.currency }, { skip: tab !== 'overview' });
  const canManageBudgets = can(me?.role, 'budgets:manage');
  const canDismiss = can(me?.role, 'costs:dismiss');
  const [importing, setImporting] = useState(false);
  const [editingRates, setEditingRates] = useState(false);
  const groupLabel = useGroupLabel(view.group);
  const groupName = GROUPS.find((g) => g.id === view.group)?.label ?? view.group;
  const rows = useMemo(() => breakdown && breakdownRows(breakdown, view.group), [breakdown, view.group]);
  const canImport = can(me?.role, 'costs:import');
  const rangeLabel = RANGE_PRESETS.find((p) => p.id === view.range)?.label ?? '';
  const filtered = FILTERS.some((f) => view.filters[f]);
  const currencies = currenciesOf(current.error);

  let content;
  if (current.error && currencies) {
    content = (
      <Card>
        <CurrencyChoice
          currencies={currencies}
          onChoose={(currency) => setView({ ...view, currency })}
          onSetRates={canImport ? () => setEditingRates(true) : undefined}
        />
      </Card>
    );
  } else if (current.error) {
    content = (
      <Card>
        <ErrorState title="Could not load costs" message={errorMessage(current.error)} onRetry={current.refetch} />
      </Card>
    );
  } else if (breakdown && breakdown.series.length === 0) {
    content = (
      <Card>
        <CostsEmpty filtered={filtered} canConnect={can(me?.role, 'providers:write')} canImport={canImport} onImport={() => setImporting(true)} />
      </Card>
    );
  } else {
    const chartSkeleton = <Skeleton height={300} />;
    content = (
      <div className="stack" aria-busy={current.isFetching || undefined}>
        <CostTotals breakdown={breakdown} loading={current.isLoading} />
        {breakdown?.exchangeRates && (
          <p className="muted" data-testid="cost-converted">
            Several currencies, shown in {breakdown.exchangeRates.base} at the organization&apos;s rates (
            {Object.entries(breakdown.exchangeRates.rates)
              .map(([c, r]) => `1 ${c} = ${r} ${breakdown.exchangeRates?.base}`)
              .join(', ')}
            ).{' '}
            {canImport && (
              <Button variant="ghost" size="sm" onClick={() => setEditingRates(true)}>
                Edit rates
              </Button>
            )}
          </p>
        )}
        <Card>
          <CardHeader title="Spend over time" description={`${rangeLabel}, ${view.granularity}, by ${groupName.toLowerCase()}`} />
          <div className="card-body">
            {breakdown ? (
              <Suspense fallback={chartSkeleton}>
                <SpendChart breakdown={breakdown} group={view.group} groupLabel={groupLabel} label={`Spend over time by ${groupName.toLowerCase()}`} />
              </Suspense>
            ) : (
              chartSkeleton
            )}
          </div>
        </Card>
        <ForecastCard query={forecastQuery} />
        {breakdown && <TopMovers breakdown={breakdown} group={view.group} groupName={groupName} groupLabel={groupLabel} />}
        <Card>
          <CardHeader
            title={`By ${groupName.toLowerCase()}`}
            description={canDrillDown(view) ? 'Choose a row to see its breakdown.' : undefined}
          />
          <BreakdownTable
            rows={rows}
            currency={breakdown?.currency ?? null}
            groupName={groupName}
            groupLabel={groupLabel}
            onDrillDown={canDrillDown(view) ? (value) => setView(drillDown(view, value) ?? view) : undefined}
          />
        </Card>
      </div>
    );
  }

  return (
    <>
      <PageHeader
        title="Costs"
        description="Cloud spend over time, by service, account, region and more."
        actions={
          <>
            {tab === 'overview' && (
              <>
                <ExportCsvButton
              rows={rows}
              currency={breakdown?.currency}
              groupName={groupName}
              groupLabel={groupLabel}
              fileName={`cloudweave-costs-${view.group}-${query.from}-to-${query.to}.csv`}
            />
                <ExportFocusButton query={query} disabled={!breakdown?.series.length} />
              </>
            )}
            {canImport && (
              <Button variant="primary" onClick={() => setImporting(true)} data-testid="cost-import">
                Import costs
              </Button>
            )}
          </>
        }
      />
      <div className="stack">
        <Tabs label="Costs" idPrefix="costs" tabs={TABS} value={tab} onChange={selectTab} />
        <div className="stack" {...tabPanelProps('costs', tab)}>
          {tab === 'overview' && (
            <>
              <Card>
                <CostToolbar view={view} options={options} onChange={setView} />
              </Card>
              {content}
            </>
          )}
          {tab === 'budgets' && <BudgetsPanel canManage={canManageBudgets} />}
          {tab === 'anomalies' && <AnomaliesPanel canDismiss={canDismiss} />}
          {tab === 'savings' && <RecommendationsCard canAct={can(me?.role, 'resources:write')} />}
          {tab === 'sources' && <CostSources canCollect={canImport} />}
        </div>
      </div>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <ExchangeRatesDialog open={editingRates} currencies={currencies ?? Object.keys(breakdown?.exchangeRates?.rates ?? {})} onClose={() => setEditingRates(false)} />
    </>
  );
}
