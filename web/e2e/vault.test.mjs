// Vault (issue #20, UI): a folder made from the toolbar, a file uploaded with Uppy (tus), opened
// in the drawer with its preview, renamed, shared by a link that a visitor without an account
// opens and downloads from, then moved to the trash and restored; no serious accessibility
// violations on the folder view and the public page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeSerious, expectHidden, expectVisible, needsEndpoints, preflight, registerViaApi, setup, signInWithTokens } from './harness.mjs';

const missing = preflight();

describe('vault', { skip: missing.length ? `missing ${missing.join(', ')}` : false }, () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.teardown();
  });

  test('folder, upload with Uppy, preview, rename, share link opened anonymously, trash and restore', async (t) => {
    if (!(await needsEndpoints(t, env.baseURL, [['GET', '/vault/usage']]))) return;
    const owner = await registerViaApi(env.baseURL, { name: 'Vera Vault' });
    const page = await env.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await signInWithTokens(page, owner, '/vault');
    await expectVisible(page.getByRole('heading', { name: 'Vault', level: 1 }));
    await expectVisible(page.getByText('This folder is empty'));
    assert.deepEqual(await axeSerious(page), [], 'empty vault: no serious accessibility violations');

    // A folder, opened: the URL and the breadcrumb follow.
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('Contracts 2026');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Contracts 2026', exact: true }).click();
    await page.waitForURL(/\/vault\/folders\/vfo_/);
    await expectVisible(page.getByRole('navigation', { name: 'Folder' }).getByText('Contracts 2026'));

    // An upload through Uppy's dashboard.
    const dir = mkdtempSync(join(tmpdir(), 'cw-vault-e2e-'));
    const file = join(dir, 'offer.txt');
    writeFileSync(file, 'Offer letter\nSalary: plenty\n');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const uppy = page.getByTestId('vault-uppy');
    await expectVisible(uppy.locator('.uppy-Dashboard'));
    await uppy.locator('input[type=file]').first().setInputFiles(file);
    await uppy.getByRole('button', { name: /Upload 1 file/ }).click();
    await expectVisible(uppy.getByText('Complete'), 20000);
    await page.keyboard.press('Escape');
    const table = page.getByRole('table', { name: 'Files and folders' });
    await expectVisible(table.getByRole('button', { name: 'offer.txt', exact: true }));

    // The drawer: the text preview, its one version.
    await table.getByRole('button', { name: 'offer.txt', exact: true }).click();
    await expectVisible(page.locator('.vault-preview-text').getByText('Salary: plenty'));
    await expectVisible(page.getByRole('heading', { name: 'Versions' }));
    await expectVisible(page.getByTestId('vault-processing').getByText('Done'), 20000);
    // Download: the browser's own download, through a short-lived link.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog').getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    assert.equal(saved.suggestedFilename(), 'offer.txt');
    assert.match(saved.url(), /\/api\/v1\/vault\/downloads\//);
    await page.keyboard.press('Escape');

    // Renamed.
    await page.getByRole('button', { name: 'Rename offer.txt' }).click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('offer-signed.txt');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expectVisible(table.getByRole('button', { name: 'offer-signed.txt', exact: true }));

    // Shared: the link is shown once; a visitor without an account downloads the file.
    await page.getByRole('button', { name: 'Share offer-signed.txt' }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = await page.getByTestId('vault-share-url').inputValue();
    assert.match(url, /\/s\/[A-Za-z0-9_-]{22}$/);
    await page.getByRole('button', { name: 'Done' }).click();

    const visitor = await env.newPage({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
    await visitor.goto(new URL(url).pathname);
    await expectVisible(visitor.getByRole('heading', { name: 'offer-signed.txt' }));
    assert.deepEqual(await axeSerious(visitor), [], 'public page: no serious accessibility violations');
    const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByRole('button', { name: 'Download' }).click()]);
    assert.equal(download.suggestedFilename(), 'offer-signed.txt');

    // The Shared links tab counts the completed download.
    await page.getByRole('tab', { name: 'Shared links' }).click();
    await expectVisible(page.getByTestId('vault-links').getByRole('row').filter({ hasText: 'offer-signed.txt' }));
    await page.waitForFunction(() => document.querySelector('[data-testid="vault-links"] tbody tr td:nth-child(3)')?.textContent?.trim() === '1');

    // To the trash and back.
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'Delete offer-signed.txt' }).click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expectHidden(table.getByRole('button', { name: 'offer-signed.txt', exact: true }));
    await page.getByRole('tab', { name: 'Trash' }).click();
    const trash = page.getByTestId('vault-trash');
    await expectVisible(trash.getByText('/Contracts 2026'));
    await page.getByRole('button', { name: 'Restore offer-signed.txt' }).click();
    await expectHidden(trash.getByText('offer-signed.txt'));
    await page.getByRole('tab', { name: 'Files' }).click();
    await expectVisible(table.getByRole('button', { name: 'offer-signed.txt', exact: true }));
    assert.deepEqual(await axeSerious(page), [], 'folder view: no serious accessibility violations');

    // Usage shows what is stored.
    await page.getByRole('tab', { name: 'Usage' }).click();
    await expectVisible(page.getByText(/used — no quota set/));
    await expectVisible(page.getByTestId('vault-activity-chart').locator('.recharts-bar-rectangle').first(), 20000);
    assert.deepEqual(await axeSerious(page), [], 'usage and analytics: no serious accessibility violations');
  });
});
