import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok, type MockCall } from '@/test/mockApi';
import { SilenceDialog } from './SilenceDialog';

const created = (call: MockCall) =>
  ok({ id: 'sil_1', ...(call.body as object), startsAt: new Date().toISOString(), createdBy: { id: 'usr_1', name: 'Ada' }, createdAt: new Date().toISOString(), state: 'active' }, undefined, 201);

function open(initial: Parameters<typeof SilenceDialog>[0]['initial'] = []) {
  signedIn();
  const onClose = vi.fn();
  const onCreated = vi.fn();
  renderRoute(<SilenceDialog initial={initial} onClose={onClose} onCreated={onCreated} />, { path: '/monitoring' });
  return { onClose, onCreated, user: userEvent.setup(), dialog: screen.getByRole('dialog', { name: 'Silence alerts' }) };
}

describe('SilenceDialog', () => {
  it('needs a label, a value and a comment, and checks regular expressions, before sending anything', async () => {
    const m = mockApi({ 'POST /silences': created });
    const { user, dialog } = open();
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    expect(within(dialog).getByText('Name a label')).toBeInTheDocument();
    expect(within(dialog).getByText('Give a value')).toBeInTheDocument();
    expect(within(dialog).getByText('Say why')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Label 1'), 'resourceName');
    await user.type(within(dialog).getByLabelText('Value 1'), 'web-(');
    await user.click(within(dialog).getByLabelText('Matcher 1 is a regular expression'));
    await user.type(within(dialog).getByLabelText('Comment'), 'maintenance');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    expect(within(dialog).getByText('Not a valid regular expression')).toBeInTheDocument();
    expect(m.find('POST', '/silences')).toHaveLength(0);
  });

  it('creates a silence with several matchers that ends in 4 hours', async () => {
    const m = mockApi({ 'POST /silences': created });
    const { user, dialog, onClose, onCreated } = open([{ name: 'alertname', value: 'High CPU', isRegex: false }]);
    await user.click(within(dialog).getByRole('button', { name: 'Add matcher' }));
    await user.type(within(dialog).getByLabelText('Label 2'), 'resourceName');
    await user.type(within(dialog).getByLabelText('Value 2'), 'web-.*');
    await user.click(within(dialog).getByLabelText('Matcher 2 is a regular expression'));
    await user.click(within(dialog).getByRole('radio', { name: '4 hours' }));
    await user.type(within(dialog).getByLabelText('Comment'), 'deploying the web tier');
    const before = Date.now();
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const body = m.find('POST', '/silences')[0].body as { matchers: unknown; endsAt: string; comment: string };
    expect(body.matchers).toEqual([
      { name: 'alertname', value: 'High CPU', isRegex: false },
      { name: 'resourceName', value: 'web-.*', isRegex: true },
    ]);
    expect(body.comment).toBe('deploying the web tier');
    const ends = new Date(body.endsAt).getTime();
    expect(ends).toBeGreaterThanOrEqual(before + 4 * 3600_000 - 1000);
    expect(ends).toBeLessThanOrEqual(Date.now() + 4 * 3600_000 + 1000);
    expect(body).not.toHaveProperty('startsAt');
    expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: 'sil_1' }));
  });

  it('a custom end must be in the future; the server’s refusal stays in the dialog', async () => {
    const m = mockApi({ 'POST /silences': fail(400, 'VALIDATION_ERROR', 'invalid fields: endsAt', { fields: { endsAt: 'must be after startsAt' } }) });
    const { user, dialog, onClose } = open([{ name: 'alertname', value: 'High CPU', isRegex: false }]);
    await user.click(within(dialog).getByRole('radio', { name: 'Custom' }));
    await user.type(within(dialog).getByLabelText('Ends at'), '2001-01-01T10:00');
    await user.type(within(dialog).getByLabelText('Comment'), 'why not');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    expect(within(dialog).getByText('The end must be in the future')).toBeInTheDocument();
    expect(m.find('POST', '/silences')).toHaveLength(0);
    await user.clear(within(dialog).getByLabelText('Ends at'));
    await user.type(within(dialog).getByLabelText('Ends at'), '2099-01-01T10:00');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    expect(await within(dialog).findByText('must be after startsAt')).toBeInTheDocument();
    expect(m.find('POST', '/silences')[0].body).toMatchObject({ endsAt: new Date('2099-01-01T10:00').toISOString() });
    expect(onClose).not.toHaveBeenCalled();
  });
});
