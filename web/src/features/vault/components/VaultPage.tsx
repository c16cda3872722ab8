import { useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '@/components/Card';
import { Tabs, tabPanelProps, type TabItem } from '@/components/Tabs';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { can } from '@/lib/auth/permissions';
import { FilesPanel } from './FilesPanel';
import { LinksPanel } from './LinksPanel';
import { TrashPanel } from './TrashPanel';
import { UsagePanel } from './UsagePanel';
import '@/styles/vault.css';

type VaultTab = 'files' | 'trash' | 'links' | 'usage';
const TABS: TabItem<VaultTab>[] = [
  { id: 'files', label: 'Files' },
  { id: 'trash', label: 'Trash' },
  { id: 'links', label: 'Shared links' },
  { id: 'usage', label: 'Usage' },
];

/** The Vault area: the folder in the URL (/vault/folders/:folderId), the trash, links and usage. */
export function VaultPage() {
  const { folderId = 'root' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tab: VaultTab = TABS.some((t) => t.id === params.get('tab')) ? (params.get('tab') as VaultTab) : 'files';
  const { data: me } = useGetMeQuery();
  const canWrite = can(me?.role, 'vault:write');
  const canManage = can(me?.role, 'vault:manage');
  const select = (next: VaultTab) => setParams(next === 'files' ? {} : { tab: next });
  const openFolder = (id: string) => navigate(id === 'root' ? '/vault' : `/vault/folders/${encodeURIComponent(id)}`);
  return (
    <>
      <PageHeader title="Vault" description="Your organization's files: uploads that resume, versions, a trash, and links to share." />
      <div className="stack">
        <Tabs label="Vault" idPrefix="vault" tabs={TABS} value={tab} onChange={select} />
        <div className="stack" {...tabPanelProps('vault', tab)}>
          {tab === 'files' && <FilesPanel folderId={folderId} canWrite={canWrite} onOpenFolder={openFolder} />}
          {tab === 'trash' && <TrashPanel canWrite={canWrite} canManage={canManage} userId={me?.id} />}
          {tab === 'links' && <LinksPanel canWrite={canWrite} />}
          {tab === 'usage' && <UsagePanel canManage={canManage} />}
        </div>
      </div>
    </>
  );
}
