import { useSearchParams } from 'react-router';
import { PageHeader } from '@/components/Card';
import { Tabs, tabPanelProps, type TabItem } from '@/components/Tabs';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { can } from '@/lib/auth/permissions';
import { AlertsPanel } from './AlertsPanel';
import { CollectionPanel } from './CollectionPanel';
import { FleetPanel } from './FleetPanel';
import { HistoryPanel } from './HistoryPanel';
import { RulesPanel } from './RulesPanel';
import { SilencesPanel } from './SilencesPanel';
import '@/styles/monitoring.css';

type MonitoringTab = 'overview' | 'alerts' | 'rules' | 'history' | 'silences' | 'collection';
const TABS: TabItem<MonitoringTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'rules', label: 'Rules' },
  { id: 'history', label: 'History' },
  { id: 'silences', label: 'Silences' },
  { id: 'collection', label: 'Collection' },
];

/** The Monitoring area: fleet charts, alerts, rules, the alert timeline, silences and collection; the tab is kept in the URL. */
export function MonitoringPage() {
  const [params, setParams] = useSearchParams();
  const tab: MonitoringTab = TABS.some((t) => t.id === params.get('tab')) ? (params.get('tab') as MonitoringTab) : 'overview';
  const { data: me } = useGetMeQuery();
  const canOperate = can(me?.role, 'monitoring:operate');
  // Each tab keeps its own filters in the URL; switching tabs starts the next one clean.
  const select = (next: MonitoringTab) => setParams(next === 'overview' ? {} : { tab: next });
  return (
    <>
      <PageHeader title="Monitoring" description="Metrics from every connected account, alert rules with their lifecycle, and silences." />
      <div className="stack">
        <Tabs label="Monitoring" idPrefix="monitoring" tabs={TABS} value={tab} onChange={select} />
        <div className="stack" {...tabPanelProps('monitoring', tab)}>
          {tab === 'overview' && <FleetPanel />}
          {tab === 'alerts' && <AlertsPanel canOperate={canOperate} />}
          {tab === 'rules' && <RulesPanel canOperate={canOperate} />}
          {tab === 'history' && <HistoryPanel />}
          {tab === 'silences' && <SilencesPanel canOperate={canOperate} />}
          {tab === 'collection' && <CollectionPanel canEdit={can(me?.role, 'monitoring:collection')} />}
        </div>
      </div>
    </>
  );
}
