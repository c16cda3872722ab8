import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi } from '@/test/mockApi';
import { ExportFocusButton } from './ExportFocusButton';

const QUERY = { from: '2026-01-01', to: '2026-02-01', groupBy: 'service', service: 'Compute' };

describe('ExportFocusButton', () => {
  it("downloads the view's cost rows as FOCUS CSV, filters kept and grouping dropped", async () => {
    signedIn();
    const csv = 'BilledCost,ServiceName\r\n1.5,Compute\r\n';
    const m = mockApi({ 'GET /costs/export': { text: csv, contentType: 'text/csv' } });
    const save = vi.fn();
    renderRoute(<ExportFocusButton query={QUERY} save={save} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export FOCUS' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const [name, blob] = save.mock.calls[0] as [string, Blob];
    expect(name).toBe('cloudweave-costs-focus-2026-01-01-to-2026-02-01.csv');
    expect(await blob.text()).toBe(csv);
    const call = m.find('GET', '/costs/export')[0];
    expect(call.query.get('format')).toBe('focus');
    expect(call.query.get('service')).toBe('Compute');
    expect(call.query.has('groupBy')).toBe(false);
    expect(call.headers.Authorization).toMatch(/^Bearer /);
  });

  it("says why when the API refuses, and can be tried again", async () => {
    signedIn();
    mockApi({ 'GET /costs/export': fail(400, 'VALIDATION_ERROR', 'the range may span at most 1100 days') });
    const save = vi.fn();
    renderRoute(<ExportFocusButton query={QUERY} save={save} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export FOCUS' }));
    expect(await screen.findByText('Could not export the cost rows')).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Export FOCUS' })).toBeEnabled();
  });
});
