import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectProviderForm } from './ConnectProviderForm';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';

const CREATED = { id: 'prv_1', provider: 'aws', name: 'AWS production', status: 'pending' };
const VALIDATION = { valid: true, identity: { accountId: '123456789012' }, permissions: [], limitations: [], errors: [] };

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  signedIn();
  const m = mockApi({
    'POST /providers': ok(CREATED, undefined, 201),
    'POST /providers/:id/test': ok(VALIDATION),
    ...routes,
  });
  const onConnected = vi.fn();
  renderRoute(<ConnectProviderForm onConnected={onConnected} />, { path: '/' });
  return { m, onConnected, user: userEvent.setup() };
}

describe('ConnectProviderForm', () => {
  it('sends the AWS credentials that were filled in, with a role and its external ID, then tests the account', async () => {
    const { m, onConnected, user } = setup();
    await user.type(await screen.findByTestId('credential-accessKeyId'), 'AKIDEXAMPLE');
    await user.type(screen.getByTestId('credential-secretAccessKey'), 'secret');
    await user.type(screen.getByTestId('credential-roleArn'), 'arn:aws:iam::123456789012:role/CloudWeaveReadOnly');
    await user.type(screen.getByLabelText(/external id \(optional\)/i), 'tenant-42');
    await user.type(screen.getByLabelText(/regions/i), 'us-east-1, eu-west-1');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    await waitFor(() => expect(onConnected).toHaveBeenCalledWith(CREATED, VALIDATION));
    expect(m.find('POST', '/providers')[0].body).toEqual({
      provider: 'aws',
      name: 'AWS production',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
        roleArn: 'arn:aws:iam::123456789012:role/CloudWeaveReadOnly',
        externalId: 'tenant-42',
      },
      regions: ['us-east-1', 'eu-west-1'],
      verify: true,
    });
    expect(m.find('POST', '/providers/prv_1/test')).toHaveLength(1);
  });

  it('asks for the required credentials before calling the API', async () => {
    const { m, user } = setup();
    await user.click(await screen.findByRole('button', { name: /connect account/i }));
    expect(await screen.findByText(/enter the access key id/i)).toBeInTheDocument();
    expect(screen.getByText(/enter the secret access key/i)).toBeInTheDocument();
    expect(m.calls).toHaveLength(0);
  });

  it("shows the server's reason under the credential it names", async () => {
    const { user } = setup({
      'POST /providers': fail(400, 'VALIDATION_ERROR', 'invalid fields', { fields: { 'credentials.externalId': 'needs roleArn' } }),
    });
    await user.type(await screen.findByTestId('credential-accessKeyId'), 'AKIDEXAMPLE');
    await user.type(screen.getByTestId('credential-secretAccessKey'), 'secret');
    await user.type(screen.getByLabelText(/external id \(optional\)/i), 'tenant-42');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    expect(await screen.findByText('needs roleArn')).toBeInTheDocument();
  });

  it('refuses a GCP key that is not JSON', async () => {
    const { m, user } = setup();
    await user.click(await screen.findByTestId('provider-gcp'));
    await user.type(screen.getByTestId('credential-serviceAccountJson'), 'not json');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    expect(await screen.findByText(/not valid json/i)).toBeInTheDocument();
    expect(m.calls).toHaveLength(0);
  });

  it('shows a GCP key error the server reports inside the JSON at the JSON field', async () => {
    const { user, onConnected } = setup({
      'POST /providers': fail(400, 'VALIDATION_ERROR', 'invalid fields: credentials.serviceAccountJson.client_email (is required (a non-empty string))', {
        fields: { 'credentials.serviceAccountJson.client_email': 'is required (a non-empty string)' },
      }),
    });
    await user.click(await screen.findByTestId('provider-gcp'));
    const json = screen.getByTestId('credential-serviceAccountJson');
    await user.click(json);
    await user.paste('{"type":"service_account","project_id":"p"}');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    expect(await screen.findByText('client_email is required (a non-empty string)')).toBeInTheDocument();
    expect(json).toHaveAttribute('aria-invalid', 'true');
    expect(json).toHaveAccessibleDescription('client_email is required (a non-empty string)');
    expect(onConnected).not.toHaveBeenCalled();
  });

  it('sends a GCP billing export table when one is given and shows the server\'s reason under it', async () => {
    const { m, user } = setup({
      'POST /providers': fail(400, 'VALIDATION_ERROR', 'invalid settings: billingExportTable (must be project.dataset.gcp_billing_export_v1_<id>)', {
        fields: { billingExportTable: 'must be project.dataset.gcp_billing_export_v1_<id>' },
      }),
    });
    expect(screen.queryByTestId('billing-export-table')).not.toBeInTheDocument();
    await user.click(await screen.findByTestId('provider-gcp'));
    await user.click(screen.getByTestId('credential-serviceAccountJson'));
    await user.paste('{"type":"service_account","project_id":"p"}');
    const table = screen.getByLabelText(/bigquery billing export table/i);
    await user.type(table, ' billing.some_table ');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    expect(await screen.findByText('must be project.dataset.gcp_billing_export_v1_<id>')).toBeInTheDocument();
    expect(table).toHaveAttribute('aria-invalid', 'true');
    expect(m.find('POST', '/providers')[0].body).toMatchObject({ provider: 'gcp', billingExportTable: 'billing.some_table' });
  });

  it('shows server errors that match no visible field in a form-level alert', async () => {
    const { user } = setup({
      'POST /providers': fail(400, 'VALIDATION_ERROR', 'invalid fields', { fields: { endpoints: 'must be an object', 'credentials.accessKeyId': 'is malformed' } }),
    });
    await user.type(await screen.findByTestId('credential-accessKeyId'), 'AKID');
    await user.type(screen.getByTestId('credential-secretAccessKey'), 'secret');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    expect(await screen.findByTestId('connect-form-error')).toHaveTextContent('endpoints must be an object');
    expect(screen.getByTestId('credential-accessKeyId')).toHaveAccessibleDescription('is malformed');
  });

  describe('when the connection test fails on create', () => {
    const CAUSE = 'AWS rejected the access key: check the access key ID and secret (InvalidClientTokenId)';
    const TEST = { valid: false, identity: {}, permissions: [], limitations: [], regions: [], services: [], errors: [CAUSE, 'Regions could not be listed'] };
    const SAVED = { ...CREATED, status: 'error', statusReason: CAUSE };

    function failingSetup() {
      return setup({
        'POST /providers': (c) =>
          (c.body as { verify?: boolean }).verify
            ? fail(400, 'VALIDATION_ERROR', CAUSE, { fields: { credentials: CAUSE }, test: TEST })
            : ok(SAVED, undefined, 201),
      });
    }

    async function fillAndSubmit(user: ReturnType<typeof userEvent.setup>) {
      await user.type(await screen.findByTestId('credential-accessKeyId'), 'AKIDWRONG');
      await user.type(screen.getByTestId('credential-secretAccessKey'), 'wrong');
      await user.click(screen.getByRole('button', { name: /connect account/i }));
    }

    it('keeps the form open with the cause at the credentials and saves nothing', async () => {
      const { m, onConnected, user } = failingSetup();
      await fillAndSubmit(user);
      const box = await screen.findByTestId('connection-failure');
      expect(box).toHaveTextContent(CAUSE);
      expect(box).toHaveTextContent('Regions could not be listed');
      expect(box.closest('fieldset')).toHaveAccessibleDescription(expect.stringContaining(CAUSE));
      expect(m.find('POST', '/providers')).toHaveLength(1);
      expect(m.find('POST', '/providers')[0].body).toMatchObject({ verify: true });
      expect(onConnected).not.toHaveBeenCalled();
      expect(screen.getByTestId('credential-accessKeyId')).toHaveValue('AKIDWRONG');
    });

    it('"Save anyway" sends the same account without verify and reports the failed test', async () => {
      const { m, onConnected, user } = failingSetup();
      await fillAndSubmit(user);
      await user.click(await screen.findByRole('button', { name: 'Save anyway' }));
      await waitFor(() => expect(onConnected).toHaveBeenCalledWith(SAVED, expect.objectContaining({ valid: false, errors: TEST.errors })));
      const posts = m.find('POST', '/providers');
      expect(posts).toHaveLength(2);
      expect(posts[1].body).not.toHaveProperty('verify');
      expect(posts[1].body).toMatchObject({ provider: 'aws', credentials: { accessKeyId: 'AKIDWRONG', secretAccessKey: 'wrong' } });
    });

    it('withdraws "Save anyway" once the credentials are edited', async () => {
      const { user } = failingSetup();
      await fillAndSubmit(user);
      await screen.findByTestId('connection-failure');
      await user.type(screen.getByTestId('credential-secretAccessKey'), '-fixed');
      expect(screen.queryByRole('button', { name: 'Save anyway' })).not.toBeInTheDocument();
    });
  });

  it('reports an account a server without verify saved in error with its reason, without testing again', async () => {
    const reason = 'NetworkError: could not reach sts.amazonaws.com';
    const { m, onConnected, user } = setup({ 'POST /providers': ok({ ...CREATED, status: 'error', statusReason: reason }, undefined, 201) });
    await user.type(await screen.findByTestId('credential-accessKeyId'), 'AKID');
    await user.type(screen.getByTestId('credential-secretAccessKey'), 'secret');
    await user.click(screen.getByRole('button', { name: /connect account/i }));
    await waitFor(() => expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ status: 'error' }), expect.objectContaining({ valid: false, errors: [reason] })));
    expect(m.find('POST', '/providers/prv_1/test')).toHaveLength(0);
  });
});
