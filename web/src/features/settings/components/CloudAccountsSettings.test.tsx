import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CloudAccountsSettings } from './CloudAccountsSettings';
import { ME, renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';

const CAUSE = 'AWS rejected the access key ID: check it and the secret access key.';
const TEST_FAILED = { valid: false, identity: {}, permissions: [], limitations: [], regions: [], services: [], errors: [CAUSE] };
const TEST_OK = { valid: true, identity: { accountId: '123456789012' }, permissions: [], limitations: [], regions: ['us-east-1'], services: [], errors: [] };
const account = (status: string) => ({ id: 'acct_1', provider: 'aws', name: 'AWS production', status, statusReason: status === 'error' ? CAUSE : null, regions: [], isDemo: false, resourceCount: 0, lastSync: null });

function setup(createReply: Parameters<typeof mockApi>[0][string]) {
  signedIn();
  const m = mockApi({
    'GET /auth/me': ok(ME),
    'GET /providers': ok([]),
    'POST /providers': createReply,
    'POST /providers/:id/test': ok(TEST_OK),
  });
  renderRoute(<CloudAccountsSettings />, { path: '/settings/cloud-accounts' });
  return { m, user: userEvent.setup() };
}

async function addAws(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('add-provider'));
  await user.type(screen.getByTestId('credential-accessKeyId'), 'AKID');
  await user.type(screen.getByTestId('credential-secretAccessKey'), 'secret');
  await user.click(screen.getByTestId('connect-provider'));
}

describe('CloudAccountsSettings: adding an account', () => {
  it('says "added" for an account that connected', async () => {
    const { user } = setup(ok(account('pending'), undefined, 201));
    await addAws(user);
    expect(await screen.findByText('AWS account added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('keeps the dialog open on a failed connection test, and says "not connected" after Save anyway', async () => {
    const { m, user } = setup((c) =>
      (c.body as { verify?: boolean }).verify ? fail(400, 'VALIDATION_ERROR', CAUSE, { fields: { credentials: CAUSE }, test: TEST_FAILED }) : ok(account('error'), undefined, 201),
    );
    await addAws(user);
    expect(await screen.findByTestId('connection-failure')).toHaveTextContent(CAUSE);
    expect(screen.getByRole('dialog', { name: 'Add a cloud account' })).toBeInTheDocument();
    expect(screen.queryByText('AWS account added')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByText('AWS account saved but not connected')).toBeInTheDocument();
    expect(screen.queryByText('AWS account added')).not.toBeInTheDocument();
    expect(m.find('POST', '/providers')).toHaveLength(2);
  });
});
