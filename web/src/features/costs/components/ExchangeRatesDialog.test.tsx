import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { ExchangeRatesDialog } from './ExchangeRatesDialog';

describe('ExchangeRatesDialog', () => {
  it('asks a rate for each currency against the base and saves them', async () => {
    signedIn();
    const m = mockApi({
      'GET /costs/exchange-rates': ok({ base: null, rates: {}, updatedAt: null }),
      'PUT /costs/exchange-rates': ok({ base: 'USD', rates: { EUR: 1.08 }, updatedAt: '2026-01-01T00:00:00.000Z' }),
    });
    const onClose = vi.fn();
    renderRoute(<ExchangeRatesDialog open currencies={['USD', 'EUR', 'JPY']} onClose={onClose} />);
    const user = userEvent.setup();
    expect(await screen.findByLabelText('Base currency')).toHaveValue('USD');
    await user.type(screen.getByLabelText('1 EUR in USD'), '1.08');
    // JPY left empty: no rate is sent for it.
    await user.click(screen.getByRole('button', { name: 'Save rates' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(m.find('PUT', '/costs/exchange-rates')[0].body).toEqual({ base: 'USD', rates: { EUR: 1.08 } });
  });

  it("shows the server's reason and stays open", async () => {
    signedIn();
    mockApi({
      'GET /costs/exchange-rates': ok({ base: 'EUR', rates: { USD: 0.9 }, updatedAt: '2026-01-01T00:00:00.000Z' }),
      'PUT /costs/exchange-rates': fail(400, 'VALIDATION_ERROR', 'invalid', { fields: { rates: 'USD must be a positive number' } }),
    });
    const onClose = vi.fn();
    renderRoute(<ExchangeRatesDialog open currencies={['EUR', 'USD']} onClose={onClose} />);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByLabelText('1 USD in EUR')).toHaveValue(0.9));
    expect(screen.getByLabelText('Base currency')).toHaveValue('EUR');
    await user.click(screen.getByRole('button', { name: 'Save rates' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('USD must be a positive number');
    expect(onClose).not.toHaveBeenCalled();
  });
});
