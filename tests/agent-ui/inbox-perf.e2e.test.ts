// Figures for the README: initial JavaScript (gzip) and the time to render a 10 000-conversation list.
// Reported, not asserted against a budget: timings depend on the machine. The list test still fails if the
// virtualised list does not show the first and the last of the 10 000 rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARTIFACTS, browserAvailable, ensureUiBuilt, newPage, ROOT, setup, signIn, type Env } from './harness.js';

// A real server and browser on a shared CI machine: allow for slow steps rather than flake.
vi.setConfig({ testTimeout: 180_000 });

/** Scripts the browser must fetch before first render: the entry module and its modulepreloads. */
export function initialScripts(indexHtml: string): string[] {
  const out = new Set<string>();
  for (const m of indexHtml.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) out.add(m[1]);
  for (const m of indexHtml.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) out.add(m[1]);
  return [...out];
}

describe('agent UI bundle', () => {
  it('reports the initial JS size (gzip) and keeps admin screens out of it', () => {
    ensureUiBuilt();
    const dist = path.join(ROOT, 'agent-ui/dist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const scripts = initialScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    let gz = 0;
    for (const s of scripts) gz += gzipSync(readFileSync(path.join(dist, s))).length;
    console.log(`agent UI initial JS: ${(gz / 1024).toFixed(1)} KB gzip in ${scripts.length} files (${scripts.join(', ')})`);
    expect(scripts.some((s) => /AdminApp/.test(s))).toBe(false);
  });
});

describe.skipIf(!browserAvailable())('10 000-conversation list', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => env?.close());

  it('renders and scrolls 10 000 conversations', async () => {
    const { page } = await newPage(env);
    const now = Date.now();
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      inboxId: env.inbox.id, contactId: `c-${i}`, channel: ['web', 'email', 'sms', 'telegram', 'whatsapp'][i % 5],
      status: 'open', assigneeId: null, teamId: null, priority: ['none', 'low', 'high', 'urgent'][i % 4], labels: i % 7 ? [] : ['vip'],
      lastMessageAt: new Date(now - i * 60_000).toISOString(), waitingSince: new Date(now - i * 60_000).toISOString(),
      unreadCount: i % 3, contact: { id: `c-${i}`, name: `Customer ${i}`, email: null, phone: null, avatarUrl: null },
      lastMessage: { id: `m-${i}`, body: `Message number ${i} about an order`, direction: 'incoming', senderType: 'contact', private: false, createdAt: new Date(now - i * 60_000).toISOString() },
    }));
    const payload = JSON.stringify({ items, nextCursor: null });
    await signIn(page, env.url);
    await page.route('**/api/conversations?*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: payload }));
    await page.evaluate(() => performance.clearMarks());
    await page.getByRole('tab', { name: 'Pending' }).click();
    await page.locator('[data-conversation-id="00000000-0000-4000-8000-000000000000"]').waitFor();
    const renderMs = await page.evaluate(() => new Promise<number>((resolve) => {
      // Two frames after React committed the rows: they have been painted.
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const data = performance.getEntriesByName('sb:list-data').pop()!;
        resolve(performance.now() - data.startTime);
      }));
    }));
    const rows = await page.locator('[data-conversation-id]').count();
    const scrollMs = await page.evaluate(() => new Promise<number>((resolve) => {
      const el = document.querySelector('[data-testid="conversation-list"]')!;
      const t0 = performance.now();
      el.scrollTop = el.scrollHeight;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    }));
    await page.locator('[data-conversation-id="00000000-0000-4000-8000-000000009999"]').waitFor();
    console.log(`10 000-conversation list: first paint ${renderMs.toFixed(0)} ms after data arrived, ${rows} rows in the DOM, jump to the end painted in ${scrollMs.toFixed(0)} ms`);
    expect(rows).toBeLessThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-10k-list.png') });
  });
});
