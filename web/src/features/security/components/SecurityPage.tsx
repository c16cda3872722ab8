import { useSearchParams } from 'react-router';
import { PageHeader } from '@/components/Card';
import { Tabs, tabPanelProps, type TabItem } from '@/components/Tabs';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { can } from '@/lib/auth/permissions';
import { CompliancePanel } from './CompliancePanel';
import { FindingsPanel } from './FindingsPanel';
import { MutesPanel } from './MutesPanel';
import { PostureOverview } from './PostureOverview';
import { RulesPanel } from './RulesPanel';
import '@/styles/security.css';

type SecurityTab = 'overview' | 'findings' | 'compliance' | 'rules' | 'mutes';
const TABS: TabItem<SecurityTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'findings', label: 'Findings' },
  { id: 'compliance', label: 'Compliance' },
  { id: 'rules', label: 'Rules' },
  { id: 'mutes', label: 'Mutes' },
];

/** The Security area: posture, findings, compliance, rules and mutes; the tab is kept in the URL. */
export function SecurityPage() {
  const [params, setParams] = useSearchParams();
  const tab: SecurityTab = TABS.some((t) => t.id === params.get('tab')) ? (params.get('tab') as SecurityTab) : 'overview';
  const { data: me } = useGetMeQuery();
  const canOperate = can(me?.role, 'security:operate');
  const select = (next: SecurityTab) => setParams(next === 'overview' ? {} : { tab: next });
  return (
    <>
      <PageHeader title="Security" description="Misconfigurations across every connected account, checked against the rule catalog and compliance frameworks." />
      <div className="stack">
        <Tabs label="Security" idPrefix="security" tabs={TABS} value={tab} onChange={select} />
        <div className="stack" {...tabPanelProps('security', tab)}>
          {tab === 'overview' && <PostureOverview canOperate={canOperate} />}
          {tab === 'findings' && <FindingsPanel canOperate={canOperate} />}
          {tab === 'compliance' && <CompliancePanel />}
          {tab === 'rules' && <RulesPanel canManage={can(me?.role, 'security:rules')} />}
          {tab === 'mutes' && <MutesPanel canOperate={canOperate} />}
        </div>
      </div>
    </>
  );
}
