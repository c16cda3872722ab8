import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '@/components/Button';
import { IconPlus, IconTrash } from '@/components/icons';
import { useUpdateResourceMutation } from '@/lib/api/endpoints';
import { serverFormErrors } from '@/lib/api/formErrors';
import type { Resource } from '@/lib/api/types';
import { useToast } from '@/lib/toast/useToast';
import { userFacingMessage } from '../utils/actions';
import { newTagRow, rowsFromTags, TAG_LIMITS, tagsFromRows, validateTagRows, type TagRow } from '../utils/tags';

/** The resource's tags, and (for those who may change them) an editor: key/value rows. */
export function ResourceTags({ resource, canWrite }: { resource: Pick<Resource, 'id' | 'name' | 'tags' | 'status'>; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const entries = Object.entries(resource.tags ?? {});
  const editable = canWrite && resource.status !== 'terminated';
  return (
    <section aria-labelledby="tags-title" data-testid="resource-tags">
      <div className="row-between" style={{ marginBottom: 10 }}>
        <h3 id="tags-title" className="section-title" style={{ margin: 0 }}>
          Tags
        </h3>
        {editable && !editing && (
          <Button ref={editButton} size="sm" variant="ghost" onClick={() => setEditing(true)} data-testid="edit-tags">
            {entries.length ? 'Edit tags' : 'Add tags'}
          </Button>
        )}
      </div>
      {editing ? (
        <TagEditor
          resource={resource}
          onDone={() => {
            setEditing(false);
            // Back to the button that opened the editor, for keyboard users.
            setTimeout(() => editButton.current?.focus(), 0);
          }}
        />
      ) : entries.length ? (
        <div className="row wrap">
          {entries.map(([k, v]) => (
            <span key={k} className="tag">
              {k}={v}
            </span>
          ))}
        </div>
      ) : (
        <p className="faint">No tags.</p>
      )}
    </section>
  );
}

export function TagEditor({ resource, onDone }: { resource: Pick<Resource, 'id' | 'name' | 'tags'>; onDone: () => void }) {
  const toast = useToast();
  const [rows, setRows] = useState<TagRow[]>(() => {
    const r = rowsFromTags(resource.tags);
    return r.length ? r : [newTagRow()];
  });
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ fields: Record<string, string>; formError: string | null }>({ fields: {}, formError: null });
  const [update, state] = useUpdateResourceMutation();
  const list = useRef<HTMLDivElement>(null);
  const local = useMemo(() => validateTagRows(rows), [rows]);
  const shown = submitted ? local : { rows: {}, form: null, valid: true };

  const setRow = (uid: string, patch: Partial<TagRow>) => {
    setRows((rs) => rs.map((r) => (r.uid === uid ? { ...r, ...patch } : r)));
    setServer((s) => ({ ...s, fields: {} }));
  };
  const addRow = () => {
    setRows((rs) => [...rs, newTagRow()]);
    // Focus the new key box once it exists.
    setTimeout(() => list.current?.querySelector<HTMLInputElement>('.tag-row:last-child input')?.focus(), 0);
  };
  const removeRow = (uid: string, index: number) => {
    setRows((rs) => rs.filter((r) => r.uid !== uid));
    setTimeout(() => {
      const inputs = list.current?.querySelectorAll<HTMLInputElement>('.tag-row input[data-part="key"]');
      const target = inputs?.[Math.min(index, (inputs?.length ?? 1) - 1)];
      if (target) target.focus();
      else list.current?.parentElement?.querySelector<HTMLButtonElement>('[data-testid="add-tag"]')?.focus();
    }, 0);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!local.valid) {
      // Take the user to the first problem.
      setTimeout(() => list.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    const tags = tagsFromRows(rows);
    const keys = Object.keys(tags);
    try {
      await update({ id: resource.id, tags }).unwrap();
      setServer({ fields: {}, formError: null });
      toast.success('Tags saved', resource.name);
      onDone();
    } catch (err) {
      const mapped = serverFormErrors(err, ['tags', ...keys.map((k) => `tags.${k}`)]);
      // "tags" as a whole belongs above the rows; "tags.<key>" next to that row.
      const formError = [mapped.fields.tags, mapped.formError].filter(Boolean).join('; ') || null;
      const fields = Object.fromEntries(Object.entries(mapped.fields).filter(([k]) => k !== 'tags').map(([k, v]) => [k.slice(5), v]));
      setServer({ fields, formError: formError && userFacingMessage(formError) });
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    // Escape leaves the editor, not the whole drawer.
    if (e.key === 'Escape') {
      e.stopPropagation();
      e.nativeEvent.stopImmediatePropagation();
      onDone();
    }
  };

  const formError = shown.form ?? server.formError;
  return (
    <form className="tag-editor stack-sm" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={`Tags of ${resource.name}`} data-testid="tag-editor">
      {formError && (
        <div className="form-error" role="alert" data-testid="tag-form-error">
          {formError}
        </div>
      )}
      <div className="tag-grid-head" aria-hidden="true">
        <span>Key</span>
        <span>Value</span>
        <span />
      </div>
      <div ref={list} className="stack-sm">
        {rows.map((row, i) => {
          const errs = shown.rows[row.uid] ?? {};
          const keyError = errs.key ?? server.fields[row.key.trim()];
          const keyId = `${row.uid}-key`;
          const valueId = `${row.uid}-value`;
          return (
            <div key={row.uid} className="tag-row" data-testid="tag-row">
              <div className="field">
                <input
                  id={keyId}
                  className="input input-sm"
                  aria-label={`Tag ${i + 1} key`}
                  value={row.key}
                  maxLength={TAG_LIMITS.keyLength + 32}
                  placeholder="key"
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setRow(row.uid, { key: e.target.value })}
                  aria-invalid={keyError ? true : undefined}
                  aria-describedby={keyError ? `${keyId}-error` : undefined}
                  data-part="key"
                />
                {keyError && (
                  <span id={`${keyId}-error`} className="field-error">
                    {keyError}
                  </span>
                )}
              </div>
              <div className="field">
                <input
                  id={valueId}
                  className="input input-sm"
                  aria-label={`Tag ${i + 1} value`}
                  value={row.value}
                  maxLength={TAG_LIMITS.valueLength + 32}
                  placeholder="value"
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setRow(row.uid, { value: e.target.value })}
                  aria-invalid={errs.value ? true : undefined}
                  aria-describedby={errs.value ? `${valueId}-error` : undefined}
                  data-part="value"
                />
                {errs.value && (
                  <span id={`${valueId}-error`} className="field-error">
                    {errs.value}
                  </span>
                )}
              </div>
              <Button
                size="sm"
                variant="ghost"
                icon={<IconTrash />}
                aria-label={`Remove tag ${row.key.trim() || i + 1}`}
                onClick={() => removeRow(row.uid, i)}
              />
            </div>
          );
        })}
        {!rows.length && <p className="faint">No tags. Saving removes every tag.</p>}
      </div>
      <div className="row-between wrap">
        <Button size="sm" variant="ghost" icon={<IconPlus />} onClick={addRow} disabled={rows.length >= TAG_LIMITS.maxTags} data-testid="add-tag">
          Add tag
        </Button>
        <div className="row">
          <Button size="sm" onClick={onDone}>
            Cancel
          </Button>
          <Button size="sm" variant="primary" type="submit" loading={state.isLoading} data-testid="save-tags">
            Save tags
          </Button>
        </div>
      </div>
    </form>
  );
}
