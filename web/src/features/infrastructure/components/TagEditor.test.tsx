import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';

type Reply = ReturnType<typeof ok> | ReturnType<typeof fail>;
import { ResourceTags } from './TagEditor';

const RESOURCE = { id: 'res_1', name: 'web-1', status: 'running' as const, tags: { env: 'prod', team: 'core' } };

function setup({ canWrite = true, patch = (body: unknown): Reply => ok({ ...RESOURCE, ...(body as object) }) }: { canWrite?: boolean; patch?: (body: unknown) => Reply } = {}) {
  signedIn();
  const m = mockApi({ 'PATCH /resources/res_1': (c) => patch(c.body) });
  renderRoute(<ResourceTags resource={RESOURCE} canWrite={canWrite} />);
  return m;
}

describe('ResourceTags', () => {
  it('shows tags, and no edit button to those who may not change them', () => {
    setup({ canWrite: false });
    expect(screen.getByText('env=prod')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /edit tags/i })).not.toBeInTheDocument();
  });

  it('adds, edits and removes tags and saves them all with PATCH {tags}', async () => {
    const m = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    const form = screen.getByRole('form', { name: 'Tags of web-1' });
    expect(within(form).getByLabelText('Tag 1 key')).toHaveValue('env');
    await user.clear(within(form).getByLabelText('Tag 1 value'));
    await user.type(within(form).getByLabelText('Tag 1 value'), 'staging');
    await user.click(within(form).getByRole('button', { name: 'Remove tag team' }));
    await user.click(within(form).getByRole('button', { name: 'Add tag' }));
    // The new key box has the focus.
    expect(within(form).getByLabelText('Tag 2 key')).toHaveFocus();
    await user.keyboard('owner');
    await user.type(within(form).getByLabelText('Tag 2 value'), 'ada@example.com');
    await user.click(within(form).getByRole('button', { name: 'Save tags' }));
    await waitFor(() => expect(m.find('PATCH', '/resources/res_1')).toHaveLength(1));
    expect(m.find('PATCH', '/resources/res_1')[0].body).toEqual({ tags: { env: 'staging', owner: 'ada@example.com' } });
    expect(await screen.findByText('Tags saved')).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('checks keys before sending: required and unique', async () => {
    const m = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.keyboard('env');
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.type(screen.getByLabelText('Tag 4 value'), 'no key');
    await user.click(screen.getByRole('button', { name: 'Save tags' }));
    expect(await screen.findByText('"env" is already used')).toBeInTheDocument();
    expect(screen.getByText('Enter a key')).toBeInTheDocument();
    expect(screen.getByLabelText('Tag 3 key')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Tag 3 key')).toHaveFocus();
    expect(m.find('PATCH', '/resources/res_1')).toHaveLength(0);
  });

  it('shows the server field error next to the tags and keeps the editor open', async () => {
    setup({ patch: () => fail(400, 'VALIDATION_ERROR', 'invalid fields: tags (…)', { fields: { tags: 'keys (1–128 characters) map to string values (≤ 256 characters)', 'tags.team': 'is reserved' } }) });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    await user.click(screen.getByRole('button', { name: 'Save tags' }));
    expect(await screen.findByTestId('tag-form-error')).toHaveTextContent('keys (1–128 characters)');
    expect(screen.getByText('is reserved')).toBeInTheDocument();
    expect(screen.getByLabelText('Tag 2 key')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says a server refusal (409 terminated) in words and Escape leaves the editor', async () => {
    setup({ patch: () => fail(409, 'CONFLICT', 'The resource is terminated') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    await user.click(screen.getByRole('button', { name: 'Save tags' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The resource is terminated');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit tags' })).toBeInTheDocument();
  });
});
