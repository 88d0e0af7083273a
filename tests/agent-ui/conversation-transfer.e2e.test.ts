// Export and import through the real agent UI: the inbox list's export (as filtered) shows the job and then a
// download the browser saves; an admin of a second server with a fresh database imports that very file in
// Settings (dry run report per line, then import); the API export of both servers is then the same.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAdmin, startServer, type TestServer } from '../support/server.js';
import { byExternalId, exportFile, parseLines } from '../support/transfer.js';
import { api, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 240_000 });

describe.skipIf(!browserAvailable())('conversation export and import in the agent UI', () => {
  let env: Env;
  let fresh: TestServer;
  let freshToken: string;
  let page: Page;

  beforeAll(async () => {
    [env, fresh] = await Promise.all([setup(), startServer()]);
    freshToken = await loginAdmin(fresh.url);
    ({ page } = await newPage(env));
  });
  afterAll(async () => { await Promise.all([env?.close(), fresh?.close()]); });

  it('downloads a JSON Lines export from the list and re-imports it into a fresh database with the same content', async () => {
    const lena = await visitorWrites(env.url, env.inbox.widgetKey, 'Hallo, ich brauche Hilfe', { name: 'Lena', email: 'lena@example.com' });
    await api(env.url, 'POST', `/api/conversations/${lena.conversationId}/messages`, { token: env.token, body: { body: 'Gerne! 🙂' } });
    await api(env.url, 'POST', `/api/conversations/${lena.conversationId}/messages`, { token: env.token, body: { body: 'customer since 2019', private: true } });
    await api(env.url, 'PATCH', `/api/conversations/${lena.conversationId}`, { token: env.token, body: { labels: ['german'], priority: 'medium', status: 'resolved' } });
    await visitorWrites(env.url, env.inbox.widgetKey, 'สวัสดีครับ ขอสอบถามหน่อย', { name: 'Somchai' });
    await env.server.app.ctx.bus.drain();

    await signIn(page, env.url);
    await page.goto(`${env.url}/?status=all`);
    await page.getByRole('button', { name: 'Export this list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export conversations' });
    await dialog.getByRole('radio', { name: /JSON Lines/ }).check();
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await dialog.getByText('Ready: 2 conversations').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^conversations-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const file = await download.path();
    const downloaded = readFileSync(file, 'utf8');
    const fromA = parseLines((await exportFile(env.server, env.token, 'format=jsonl&status=all')).text);
    expect(byExternalId(parseLines(downloaded))).toEqual(byExternalId(fromA));

    // The second server: the admin imports the downloaded file in Settings, checking it first.
    await signIn(page, fresh.url);
    await page.goto(`${fresh.url}/admin/import`);
    await page.getByLabel('JSON Lines file (.jsonl)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('2 lines: 2 would be created, 0 updated, 0 unchanged, 0 with problems.');
    expect((await api(fresh.url, 'GET', '/api/conversations?status=all', { token: freshToken })).body.items).toHaveLength(0);
    const report = page.getByRole('region', { name: 'Report per line' });
    expect(await report.getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('2 lines: 2 created, 0 updated, 0 unchanged, 0 with problems.');

    const fromB = parseLines((await exportFile(fresh, freshToken, 'format=jsonl&status=all')).text);
    expect(byExternalId(fromB)).toEqual(byExternalId(fromA));
    expect(fromB.find((l) => l.contact.name === 'Lena').notes.map((n: any) => n.body)).toEqual(['customer since 2019']);
  });

  it('reports a file that is not JSON Lines line by line in plain words', async () => {
    const bad = `${JSON.stringify({ externalId: 'x-1', inbox: { name: 'Nowhere', channel: 'web' }, createdAt: '2025-01-01T00:00:00Z', contact: { name: 'X', email: 'x@example.com' }, messages: [] })}\n{not json\n`;
    // Start signed out whatever the previous test left (cookies are per host, the session per origin).
    await page.context().clearCookies();
    await page.goto(`${fresh.url}/`);
    await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await signIn(page, fresh.url);
    await page.goto(`${fresh.url}/admin/import`);
    await page.getByLabel('JSON Lines file (.jsonl)').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('2 lines: 0 would be created, 0 updated, 0 unchanged, 2 with problems.');
    const rows = page.getByRole('region', { name: 'Report per line' }).getByRole('row');
    expect(await rows.nth(1).textContent()).toContain('Not imported');
    expect(await rows.nth(1).textContent()).toContain('inbox: no inbox here matches');
    expect(await rows.nth(2).textContent()).toContain('Not imported');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
  });
});
