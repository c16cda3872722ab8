import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { AuditSettings } from './AuditSettings';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { setDisplayTimeZone } from '@/lib/format';

afterEach(() => setDisplayTimeZone(null));

const ENTRY = {
  id: 'aud_1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'usr_1', userEmail: 'ada@example.com', apiKeyId: null,
  organizationId: 'org_1', action: 'auth.login', method: 'POST', path: '/api/v1/auth/login', targetType: 'user', targetId: 'usr_1',
  result: 'success', statusCode: 200, requestId: 'r', ipAddress: '127.0.0.1', details: null,
};

describe('AuditSettings', () => {
  it.each([
    ['Asia/Tokyo', 'Nov 22, 2026, 7:00 PM'],
    ['America/New_York', 'Nov 22, 2026, 5:00 AM'],
    ['UTC', 'Nov 22, 2026, 10:00 AM'],
  ])("shows times in the user's zone (%s)", async (timezone, shown) => {
    signedIn();
    mockApi({
      'GET /auth/me': ok({ ...ME, preferences: { ...ME.preferences, timezone } }),
      'GET /audit': ok([ENTRY], { limit: 50, nextCursor: null, total: 1 }),
    });
    renderRoute(<AuditSettings />, { path: '/settings/audit' });
    await waitFor(() => expect(screen.getByTestId('audit-time')).toHaveTextContent(shown));
  });
});
