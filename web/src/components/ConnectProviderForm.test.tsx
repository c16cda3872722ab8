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
});
