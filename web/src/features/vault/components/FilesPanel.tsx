import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { Badge } from '@/components/Badge';
import { Button } from '@/components/Button';
import { Card } from '@/components/Card';
import { ConfirmDialog } from '@/components/Dialog';
import { DataTable, type Column } from '@/components/DataTable';
import { SegmentedControl, SelectField, TextField } from '@/components/Field';
import { EmptyState } from '@/components/States';
import { IconPlus, IconRefresh, IconVault } from '@/components/icons';
import { errorMessage } from '@/lib/api/errors';
import type { VaultItem } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useToast } from '@/lib/toast/useToast';
import {
  useCreateFolderMutation,
  useListChildrenQuery,
  useTrashItemMutation,
  useUpdateItemMutation,
} from '../api/vaultApi';
import { formatBytes } from '../utils/bytes';
import { withKeepBoth } from '../utils/conflict';
import { downloadVaultFile, downloadVaultFolder } from '../utils/download';
import { Breadcrumb } from './Breadcrumb';
import { FileDrawer } from './FileDrawer';
import { Thumbnail } from './Thumbnail';
import { useKeepBoth } from './useKeepBoth';
import { NameDialog } from './NameDialog';
import { ShareDialog } from './ShareDialog';

// Uppy is big: it loads when the first upload starts, not with the folder view.
const UploadDialog = lazy(() => import('./UploadDialog').then((m) => ({ default: m.UploadDialog })));

const SORTS = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-name', label: 'Name (Z–A)' },
  { value: '-updatedAt', label: 'Newest first' },
  { value: 'updatedAt', label: 'Oldest first' },
  { value: '-size', label: 'Largest first' },
  { value: 'size', label: 'Smallest first' },
];

/** A folder: breadcrumb, toolbar, the items (list or grid), drag and drop to upload. */
export function FilesPanel({
  folderId,
  canWrite,
  onOpenFolder,
}: {
  folderId: string;
  canWrite: boolean;
  onOpenFolder: (id: string) => void;
}) {
  const [sort, setSort] = useState('name');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [view, setView] = useState<'list' | 'grid'>('list');
  const [cursor, setCursor] = useState<string | undefined>();
  const [earlier, setEarlier] = useState<VaultItem[]>([]);
  const [naming, setNaming] = useState<{ mode: 'new' | 'rename'; item?: VaultItem } | null>(null);
  const [nameError, setNameError] = useState<string>();
  const [uploading, setUploading] = useState<File[] | null>(null);
  const [opened, setOpened] = useState<VaultItem | null>(null);
  const [sharing, setSharing] = useState<VaultItem | null>(null);
  const [trashing, setTrashing] = useState<VaultItem | null>(null);
  const [dragging, setDragging] = useState(false);
  const toast = useToast();

  // A new folder, sort or search starts from the first page.
  useEffect(() => {
    setCursor(undefined);
    setEarlier([]);
  }, [folderId, sort, q]);
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);

  const list = useListChildrenQuery({ folderId, sort, q: q || undefined, cursor, limit: 100 });
  const rows = useMemo(() => [...earlier, ...(list.data?.items ?? [])], [earlier, list.data]);
  const [createFolder, creating] = useCreateFolderMutation();
  const [updateItem, renaming] = useUpdateItemMutation();
  const [trashItem, trashingState] = useTrashItemMutation();
  const refresh = useCallback(() => void list.refetch(), [list]);

  const { ask: keepBoth, dialog: keepBothDialog } = useKeepBoth('Keep both? The new one gets a number.');
  const submitName = async (name: string) => {
    setNameError(undefined);
    try {
      const done =
        naming?.mode === 'rename' && naming.item
          ? await withKeepBoth((onConflict) => updateItem({ id: naming.item!.id, name, onConflict }).unwrap(), keepBoth)
          : await withKeepBoth((onConflict) => createFolder({ parentId: folderId, name, onConflict }).unwrap(), keepBoth);
      if (done) setNaming(null);
    } catch (e) {
      setNameError(errorMessage(e));
    }
  };
  const open = (item: VaultItem) => (item.kind === 'folder' ? onOpenFolder(item.id) : setOpened(item));
  const download = async (item: VaultItem) => {
    try {
      if (item.kind === 'folder') await downloadVaultFolder(item.id, item.name);
      else await downloadVaultFile(item.id, item.name);
    } catch (e) {
      toast.error(`Could not download ${item.name}`, errorMessage(e));
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!canWrite) return;
    const files = Array.from(e.dataTransfer.files ?? []);
    if (files.length) setUploading(files);
  };

  const columns: Column<VaultItem>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (item) => (
        <span className="vault-name">
          <Thumbnail item={item} />
          <button
            type="button"
            className="link-button cell-title"
            onClick={(e) => {
              e.stopPropagation();
              open(item);
            }}
          >
            {item.name}
          </button>
          {item.infected && <Badge tone="danger">Quarantined</Badge>}
          {item.processing === 'failed' && <Badge tone="warning">Processing failed</Badge>}
          {item.processing === 'pending' && <Badge>Processing…</Badge>}
        </span>
      ),
    },
    { key: 'size', header: 'Size', align: 'right', render: (item) => (item.kind === 'folder' ? '—' : formatBytes(item.size)) },
    { key: 'type', header: 'Type', render: (item) => (item.kind === 'folder' ? 'Folder' : item.mimeType ?? '—') },
    { key: 'updated', header: 'Modified', render: (item) => formatDateTime(item.updatedAt) },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      className: 'col-actions',
      render: (item) => (
        // The row opens the item; its buttons do only what they say.
        <span className="vault-actions" onClick={(e) => e.stopPropagation()}>
          {!item.infected && (
            <Button size="sm" variant="ghost" onClick={() => void download(item)} aria-label={`Download ${item.name}`}>
              Download
            </Button>
          )}
          {canWrite && !item.infected && (
            <Button size="sm" variant="ghost" onClick={() => setSharing(item)} aria-label={`Share ${item.name}`}>
              Share
            </Button>
          )}
          {canWrite && (
            <Button size="sm" variant="ghost" onClick={() => { setNameError(undefined); setNaming({ mode: 'rename', item }); }} aria-label={`Rename ${item.name}`}>
              Rename
            </Button>
          )}
          {canWrite && (
            <Button size="sm" variant="ghost" onClick={() => setTrashing(item)} aria-label={`Delete ${item.name}`}>
              Delete
            </Button>
          )}
        </span>
      ),
    },
  ];

  const empty = (
    <EmptyState
      icon={<IconVault />}
      title={q ? 'Nothing matches' : 'This folder is empty'}
      description={q ? `No name in this folder contains “${q}”.` : canWrite ? 'Drop files here or choose Upload.' : 'Nothing has been put here yet.'}
    />
  );

  return (
    <Card
      className={`vault-files${dragging ? ' vault-dropping' : ''}`}
      onDragOver={(e) => {
        if (!canWrite) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="vault-toolbar">
        <Breadcrumb path={list.data?.path} onOpen={onOpenFolder} />
        <div className="vault-toolbar-actions">
          <TextField label="Search this folder" hideLabel placeholder="Search this folder" value={search} onChange={(e) => setSearch(e.target.value)} type="search" />
          <SelectField label="Sort" hideLabel value={sort} onChange={(e) => setSort(e.target.value)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </SelectField>
          <SegmentedControl
            label="View"
            value={view}
            onChange={setView}
            options={[
              { value: 'list', label: 'List' },
              { value: 'grid', label: 'Grid' },
            ]}
          />
          <Button variant="ghost" icon={<IconRefresh />} onClick={refresh} aria-label="Refresh" />
          {folderId !== 'root' || rows.length > 0 ? (
            <Button onClick={() => void download({ id: folderId, name: list.data?.path.at(-1)?.name ?? 'Vault', kind: 'folder' } as VaultItem)}>
              Download folder
            </Button>
          ) : null}
          {canWrite && (
            <>
              <Button icon={<IconPlus />} onClick={() => { setNameError(undefined); setNaming({ mode: 'new' }); }}>
                New folder
              </Button>
              <Button variant="primary" onClick={() => setUploading([])}>
                Upload
              </Button>
            </>
          )}
        </div>
      </div>
      {view === 'list' ? (
        <DataTable
          caption="Files and folders"
          columns={columns}
          rows={list.isLoading && !cursor ? undefined : rows}
          getRowId={(item) => item.id}
          loading={list.isLoading && !cursor}
          fetching={list.isFetching}
          error={list.error ? errorMessage(list.error) : null}
          onRetry={refresh}
          onRowClick={open}
          testId="vault-items"
          empty={empty}
        />
      ) : rows.length === 0 && !list.isLoading ? (
        empty
      ) : (
        <ul className="vault-grid" data-testid="vault-grid">
          {rows.map((item) => (
            <li key={item.id}>
              <button type="button" className="vault-tile" onClick={() => open(item)}>
                <span className="vault-tile-media">
                  <Thumbnail item={item} large />
                </span>
                <span className="vault-tile-name">{item.name}</span>
                <span className="muted">{item.kind === 'folder' ? 'Folder' : formatBytes(item.size)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.data?.nextCursor && (
        <div className="vault-more">
          <Button
            loading={list.isFetching}
            onClick={() => {
              setEarlier(rows);
              setCursor(list.data!.nextCursor!);
            }}
          >
            Load more
          </Button>
        </div>
      )}

      {keepBothDialog}
      <NameDialog
        open={!!naming}
        title={naming?.mode === 'rename' ? `Rename ${naming.item?.kind ?? ''}` : 'New folder'}
        initial={naming?.item?.name ?? ''}
        submitLabel={naming?.mode === 'rename' ? 'Rename' : 'Create'}
        error={nameError}
        busy={creating.isLoading || renaming.isLoading}
        onSubmit={(name) => void submitName(name)}
        onClose={() => setNaming(null)}
      />
      {uploading && (
        <Suspense fallback={null}>
          <UploadDialog open folderId={folderId} initialFiles={uploading} onClose={() => setUploading(null)} onUploaded={refresh} />
        </Suspense>
      )}
      {opened && <FileDrawer item={opened} canWrite={canWrite} onClose={() => setOpened(null)} onShare={() => setSharing(opened)} />}
      {sharing && <ShareDialog item={sharing} onClose={() => setSharing(null)} />}
      <ConfirmDialog
        open={!!trashing}
        title={`Delete ${trashing?.name ?? ''}?`}
        message={
          trashing?.kind === 'folder'
            ? 'The folder and everything in it go to the trash, where they can be restored until the trash period ends. Its share links stop working.'
            : 'The file goes to the trash, where it can be restored until the trash period ends. Its share links stop working.'
        }
        confirmLabel="Move to trash"
        danger
        loading={trashingState.isLoading}
        onConfirm={async () => {
          if (!trashing) return;
          try {
            await trashItem(trashing.id).unwrap();
            toast.success(`${trashing.name} moved to the trash`);
          } catch (e) {
            toast.error('Could not delete', errorMessage(e));
          }
          setTrashing(null);
        }}
        onCancel={() => setTrashing(null)}
      />
    </Card>
  );
}
