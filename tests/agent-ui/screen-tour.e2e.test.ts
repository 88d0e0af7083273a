// A tour of every agent UI screen, in English and in Persian (right to left), on a workspace seeded through the
// public API: each screen must show its content (not an error), pass axe's serious/critical rules, and leave a
// full-page screenshot in tests/artifacts/tour-<screen>-<locale>.png for the README gallery.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, api, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

const LOCALE_KEY = 'sb.locale';
type Dict = Record<string, string>;
const dict = (l: string) => JSON.parse(readFileSync(path.join(ROOT, 'agent-ui/src/i18n/locales', `${l}.json`), 'utf8')) as Dict;
const LOCALES = { en: dict('en'), fa: dict('fa') };
type Lang = keyof typeof LOCALES;

interface Seed {
  run: string;
  conversationId: string;
  customer: string;
  agentName: string;
  team: string;
  label: string;
  article: string;
  segment: string;
  campaign: string;
  task: string;
  rule: string;
  policy: string;
  inviteToken: string;
}

async function ok(r: Promise<{ status: number; body: any }>, what: string) {
  const res = await r;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A small but lived-in workspace: what a new admin would have after a first week. */
async function seed(env: Env): Promise<Seed> {
  const run = Math.random().toString(36).slice(2, 7);
  const call = (method: string, p: string, body?: unknown) => ok(api(env.url, method, p, { token: env.token, body }), `${method} ${p}`);
  const customer = `Mina Rahimi ${run}`;
  // A company address, so the contact is linked to a company ("Acme Tour").
  const first = await visitorWrites(env.url, env.inbox.widgetKey, 'Hello, my order #1042 has not arrived yet.', { name: customer, email: `mina.${run}@acme-tour.test` });
  await call('POST', `/api/conversations/${first.conversationId}/messages`, { body: 'Sorry about that, Mina. I am checking with the courier now.' });
  await call('POST', `/api/conversations/${first.conversationId}/messages`, { body: 'Courier says it left the depot this morning.', private: true });
  await visitorWrites(env.url, env.inbox.widgetKey, 'Thank you, I will wait for it.', undefined, first.visitorToken);
  const second = await visitorWrites(env.url, env.inbox.widgetKey, 'Do you ship to Tehran?', { name: `Arash Karimi ${run}`, email: `arash.${run}@example.com` });
  await call('POST', `/api/conversations/${second.conversationId}/messages`, { body: 'Yes, within five business days.' });
  await visitorWrites(env.url, env.inbox.widgetKey, 'Can I change my delivery address?', { name: `Noa Levi ${run}` });

  const label = `vip-${run}`;
  await call('POST', '/api/labels', { name: label, color: '#be123c' });
  await call('PATCH', `/api/conversations/${first.conversationId}`, { labels: [label], priority: 'high' });
  await call('POST', '/api/canned-responses', { shortCode: `ship${run}`, content: 'Hi {{contact.first_name | "there"}}, it ships today.' });

  // A second agent joins through an invitation; a second invitation stays open for the invite page.
  const agentName = `Sara Ahmadi ${run}`;
  const invite = await call('POST', '/api/invites', { email: `sara.${run}@example.com`, role: 'agent', inboxIds: [env.inbox.id] });
  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
  await ok(api(env.url, 'POST', `/api/invites/accept/${tokenOf(invite.url)}`, { body: { name: agentName, password: 'long-enough-1' } }), 'accept invite');
  const pending = await call('POST', '/api/invites', { email: `omid.${run}@example.com`, role: 'agent', inboxIds: [] });
  const agents = await call('GET', '/api/agents');
  const sara = (Array.isArray(agents) ? agents : agents.items).find((a: { name: string }) => a.name === agentName);
  const team = `Billing ${run}`;
  await call('POST', '/api/teams', { name: team, memberIds: [sara.id] });

  const article = `Shipping times ${run}`;
  await call('POST', '/api/kb/articles', { title: article, body: 'Orders ship within 2 business days and arrive within a week.', locale: 'en' });

  await call('POST', `/api/crm/contacts/${first.contactId}/notes`, { body: 'Prefers e-mail; asked about a bulk order.' });
  const task = `Call Mina about the bulk order ${run}`;
  // Due later today (browser and test share the machine's time zone), so it is on the Tasks screen's default view.
  const endOfDay = new Date();
  endOfDay.setHours(24, 0, 0, 0);
  const dueAt = new Date((Date.now() + endOfDay.getTime()) / 2).toISOString();
  await call('POST', '/api/crm/tasks', { contactId: first.contactId, title: task, dueAt });
  const segment = `Named visitors ${run}`;
  const seg = await call('POST', '/api/crm/segments', { name: segment, filter: { match: 'all', conditions: [{ field: 'name', op: 'contains', value: run }] } });
  const campaign = `Spring sale ${run}`;
  await call('POST', '/api/crm/campaigns', { name: campaign, segmentId: seg.id, inboxId: env.inbox.id, template: 'Hi {{contact.first_name | "there"}}, our spring sale starts Monday.' });

  const rule = `Unhappy customers ${run}`;
  await call('POST', '/api/rules', { name: rule, event: 'csat.received', conditions: { all: [{ field: 'csat.rating', op: 'lte', value: 2 }] }, actions: [{ type: 'set_status', status: 'open' }, { type: 'add_label', label }] });
  const policy = `Gold ${run}`;
  await call('POST', '/api/sla/policies', { name: policy, firstResponseMinutes: 60, businessHours: false });
  return { run, conversationId: first.conversationId, customer, agentName, team, label, article, segment, campaign, task, rule, policy, inviteToken: tokenOf(pending.url) };
}

interface Screen {
  name: string;
  path: string;
  /** What proves the screen has its content: seeded data it must show (text), or just its heading. */
  shows?: string;
  /** Steps after loading, e.g. opening a row. */
  then?: (page: Page) => Promise<void>;
}

const signedOut = (s: Seed): Screen[] => [
  { name: 'login', path: '/' },
  { name: 'password-reset', path: '/reset' },
  { name: 'invite', path: `/invite/${s.inviteToken}` },
];

const signedInScreens = (s: Seed, inboxId: string): Screen[] => [
  { name: 'inbox', path: '/', shows: s.customer },
  { name: 'conversation', path: `/c/${s.conversationId}`, shows: 'Courier says it left the depot this morning.' },
  { name: 'profile', path: '/profile' },
  { name: 'settings-inboxes', path: '/admin/inboxes' },
  { name: 'settings-widget', path: `/admin/widget?inbox=${inboxId}` },
  { name: 'settings-agents', path: '/admin/agents', shows: s.agentName },
  { name: 'settings-teams', path: '/admin/teams', shows: s.team },
  { name: 'settings-labels', path: '/admin/labels', shows: s.label },
  { name: 'settings-canned', path: '/admin/canned', shows: `ship${s.run}` },
  { name: 'settings-kb', path: '/admin/kb', shows: s.article },
  { name: 'settings-import', path: '/admin/import' },
  { name: 'sales-dashboard', path: '/crm/dashboard' },
  { name: 'sales-contacts', path: '/crm/contacts', shows: s.customer },
  {
    name: 'sales-contact', path: '/crm/contacts', shows: s.customer,
    then: async (page) => {
      await page.getByRole('button', { name: s.customer }).click();
      await page.getByText('Acme Tour').first().waitFor();
    },
  },
  { name: 'sales-segments', path: '/crm/segments', shows: s.segment },
  { name: 'sales-campaigns', path: '/crm/campaigns', shows: s.campaign },
  { name: 'sales-tasks', path: '/crm/tasks', shows: s.task },
  { name: 'sales-settings', path: '/crm/settings' },
  { name: 'ops-reports', path: '/ops/reports' },
  { name: 'ops-feedback', path: '/ops/feedback' },
  { name: 'ops-sla', path: '/ops/sla', shows: s.policy },
  { name: 'ops-tokens', path: '/ops/tokens' },
  { name: 'ops-rules', path: '/ops/rules', shows: s.rule },
  { name: 'ops-webhooks', path: '/ops/webhooks' },
  { name: 'ops-audit', path: '/ops/audit' },
  { name: 'ops-events', path: '/ops/events' },
];

describe.skipIf(!browserAvailable())('screen tour in English and Persian', () => {
  let env: Env;
  let s: Seed;
  const violations: { screen: string; id: string; help: string; targets: string[] }[] = [];
  const errors: string[] = [];
  /** English heading per screen, so the Persian visit can tell an untranslated heading. */
  const englishHeading = new Map<string, string>();

  beforeAll(async () => {
    env = await setup();
    s = await seed(env);
  }, 120_000);
  afterAll(async () => { await env?.close(); });

  async function visit(page: Page, lang: Lang, screen: Screen) {
    await page.goto(env.url + screen.path);
    const heading = page.locator('h1').first();
    await heading.waitFor();
    if (screen.shows) await page.getByText(screen.shows, { exact: false }).first().waitFor();
    await screen.then?.(page);
    // Loading spinners gone: the screen has settled on its data (or on an error, which is caught next).
    await expect.poll(() => page.locator('#main .state-loading, .state-loading').count()).toBe(0);
    // The loopback PUBLIC_URL warning is right for a test server on 127.0.0.1; any other error is a finding.
    const shown = await page.locator('.state-error, .notice-error:not(.public-url-banner)').evaluateAll((els) =>
      els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => (el as HTMLElement).innerText.trim()));
    for (const text of shown) errors.push(`${screen.name}/${lang}: ${text}`);
    const title = (await heading.innerText()).trim();
    if (lang === 'en') englishHeading.set(screen.name, title);
    else {
      if (await page.evaluate(() => document.documentElement.dir) !== 'rtl') errors.push(`${screen.name}/fa: <html dir> is not rtl`);
      // "SLA" is the same word in both; there the intro line under the heading must differ instead.
      const [intro = ''] = await page.locator('.page-description').allInnerTexts();
      const en = englishHeading.get(screen.name);
      if (title === en && (!intro || /^[\x20-\x7e]+$/.test(intro))) errors.push(`${screen.name}/fa: heading still English ("${title}")`);
    }
    for (const v of await axeSerious(page)) violations.push({ screen: `${screen.name}/${lang}`, id: v.id, help: v.help, targets: v.targets });
    await page.screenshot({ path: path.join(ARTIFACTS, `tour-${screen.name}-${lang}.png`), fullPage: true });
  }

  async function tour(lang: Lang) {
    const { page, context } = await newPage(env, { locale: lang === 'fa' ? 'fa-IR' : 'en-US' });
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(env.url + '/');
      await page.evaluate(([key, l]) => localStorage.setItem(key, l), [LOCALE_KEY, lang]);
      for (const screen of signedOut(s)) await visit(page, lang, screen);
      // Sign in through the English form (the helper's labels), then read every screen in the tour's language.
      await page.evaluate((key) => localStorage.setItem(key, 'en'), LOCALE_KEY);
      await signIn(page, env.url);
      await page.evaluate(([key, l]) => localStorage.setItem(key, l), [LOCALE_KEY, lang]);
      for (const screen of signedInScreens(s, env.inbox.id)) await visit(page, lang, screen);
    } finally {
      await context.close();
    }
  }

  it('shows every screen with its content, accessible, in English and in Persian', async () => {
    await tour('en');
    await tour('fa');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
