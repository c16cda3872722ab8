// The seed's end-to-end journey, step for step (cloudweave-production-ready-design.md).
import { after, before, describe, test } from 'node:test';
import { expectURL, expectVisible, needsEndpoints, preflight, setup } from './harness.mjs';

const missing = preflight();

describe('journey', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('complete user onboarding and infrastructure management', async (t) => {
    await needsEndpoints(t, env.baseURL, [['POST', '/demo'], ['GET', '/resources'], ['GET', '/providers']]);
    const page = await env.newPage();
    // 1. Register
    await page.goto('/register');
    await page.fill('[data-testid="email"]', 'newuser@example.com');
    await page.fill('[data-testid="name"]', 'New User');
    await page.fill('[data-testid="password"]', 'SecurePassword123!');
    await page.click('[data-testid="register-button"]');
    // 2. Onboarding
    await expectURL(page, '/onboarding');
    await page.click('[data-testid="skip-cloud-setup"]');
    await page.click('[data-testid="use-demo-data"]');
    await page.click('[data-testid="complete-onboarding"]');
    // 3. Dashboard with the demo indicator
    await expectURL(page, '/dashboard');
    await expectVisible(page.locator('[data-testid="demo-indicator"]'));
    // 4. Infrastructure
    await page.click('[data-testid="infrastructure-nav"]');
    await expectURL(page, '/infrastructure');
    // 5. Demo infrastructure
    await expectVisible(page.locator('[data-testid="demo-infrastructure-list"]'));
    await expectVisible(page.locator('text=demo-web-server-1'));
    // 6. Create in demo mode
    await page.click('[data-testid="create-resource-button"]');
    await page.fill('[data-testid="resource-name"]', 'test-demo-server');
    await page.selectOption('[data-testid="resource-type"]', 'server');
    await page.click('[data-testid="create-button"]');
    // 7. Success
    await expectVisible(page.locator('text=Demo resource created'));
    await expectVisible(page.locator('text=test-demo-server'));
    // Exit demo from the banner.
    await page.getByRole('button', { name: 'Exit demo' }).click();
    // It asks first, naming what goes.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove demo data' }).click();
    await page.locator('[data-testid="demo-indicator"]').waitFor({ state: 'detached' });
    await page.context().close();
  });
});
