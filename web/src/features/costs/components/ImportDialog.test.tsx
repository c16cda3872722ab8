import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import type { CostImport } from '@/lib/api/types';
import { ImportDialog } from './ImportDialog';
import { ACCOUNT, costImport } from '../test/fixtures';

function setup(states: Partial<CostImport>[], upload: { status?: number; body?: unknown } = ok({ jobId: 'job_1', importId: 'imp_1' }, undefined, 202)) {
  signedIn();
  let polls = 0;
  const m = mockApi({
    'GET /auth/me': ok(ME),
    'GET /providers': ok([ACCOUNT]),
    'POST /costs/imports': upload,
    'GET /costs/imports/:id': () => ok(costImport(states[Math.min(polls++, states.length - 1)])),
  });
  renderRoute(<ImportDialog open onClose={() => {}} />);
  return m;
}

async function chooseAndUpload(name = 'focus.csv.gz') {
  const user = userEvent.setup();
  const dialog = await screen.findByRole('dialog', { name: 'Import cost data' });
  await within(dialog).findByRole('option', { name: 'Production AWS' });
  await user.selectOptions(within(dialog).getByLabelText('Cloud account'), 'prv_1');
  const file = new File(['BilledCost\n1'], name, { type: '' });
  await user.upload(within(dialog).getByLabelText('File'), file);
  await user.click(within(dialog).getByRole('button', { name: 'Upload and import' }));
  return file;
}

describe('ImportDialog', () => {
  it('offers FOCUS and every billing export the API converts, FOCUS first', async () => {
    setup([]);
    expect(await screen.findByRole('option', { name: 'FOCUS 1.0 CSV' })).toBeEnabled();
    const names = screen.getAllByRole('option').map((o) => o.textContent);
    for (const f of ['AWS Cost and Usage Report (legacy CUR)', 'AWS CUR 2.0 / Data Exports', 'Azure cost details (EA / MCA export)', 'Google Cloud billing export (CSV)', 'OCI cost report'])
      expect(names).toContain(f);
    expect(screen.getByLabelText('Format')).toHaveValue('focus');
  });

  it('streams the file as the body, then follows the import to its row count and periods', async () => {
    const m = setup([{ state: 'validating' }, { state: 'succeeded', rows: 1234, periods: ['2026-01-01'], warnings: ['no ListCost column'] }]);
    const file = await chooseAndUpload();
    await waitFor(() => expect(m.find('POST', '/costs/imports')).toHaveLength(1));
    const post = m.find('POST', '/costs/imports')[0];
    expect(post.query.get('format')).toBe('focus');
    expect(post.query.get('providerId')).toBe('prv_1');
    expect(post.headers['Content-Type']).toBe('application/gzip');
    expect(post.body).toBe(file);
    expect(await screen.findByText('Checking every row…', {}, { timeout: 3000 })).toBeInTheDocument();
    const done = await screen.findByTestId('import-succeeded', {}, { timeout: 3000 });
    expect(done).toHaveTextContent('Imported 1,234 rows from focus.csv for the billing periods starting 2026-01-01.');
    expect(done).toHaveTextContent('no ListCost column');
  });

  it('lists every problem of a failed import by line and column', async () => {
    setup([
      {
        state: 'failed',
        errors: [
          { row: 3, column: 'BilledCost', message: 'not a decimal number: "abc"' },
          { row: 0, column: '', message: 'the gzip stream is truncated' },
        ],
      },
    ]);
    await chooseAndUpload('focus.csv');
    const table = await screen.findByRole('table', { name: 'Problems in the file' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('3BilledCostnot a decimal number: "abc"');
    expect(rows[2]).toHaveTextContent('Whole file—the gzip stream is truncated');
    expect(screen.getByText('Nothing was imported.')).toBeInTheDocument();
  });

  it("shows the server's refusal of the upload", async () => {
    setup([], fail(400, 'VALIDATION_ERROR', 'Parquet files are not supported; export CSV'));
    await chooseAndUpload('costs.csv');
    expect(await screen.findByRole('alert')).toHaveTextContent('Parquet files are not supported; export CSV');
  });
});
