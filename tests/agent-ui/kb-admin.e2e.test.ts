// The knowledge-base admin screen in the browser: an article written in the UI is found by the "try a question"
// box the way the bot would find it, imports show the server's row-by-row report, per-inbox bot settings are
// saved through the inbox screen, and the screens pass axe.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('knowledge base admin', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => env?.close());

  it('creates an article, matches a question to it, reports a bad import row, and passes axe', async () => {
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/admin/kb`);

    const form = page.getByRole('form', { name: 'New article' });
    await form.getByLabel('Title').fill('Delivery times to Chiang Mai');
    await form.getByLabel('Answer').fill('Parcels to Chiang Mai arrive in two to three working days.');
    await form.getByLabel('Question variants').fill('How long does delivery to Chiang Mai take?\nWhen will my parcel arrive in Chiang Mai?');
    await form.getByLabel('Tags').fill('shipping, north');
    await form.getByRole('button', { name: 'Add article' }).click();
    const list = page.getByRole('list', { name: 'Articles' });
    await list.getByText('Delivery times to Chiang Mai').waitFor();
    expect(await list.textContent()).toContain('shipping, north');

    const tryBox = page.getByRole('region', { name: 'Try a question' });
    const result = page.getByTestId('kb-try-result');
    await tryBox.getByLabel('What a customer might write').fill('how long is delivery to chiang mai');
    await tryBox.getByRole('button', { name: 'Ask' }).click();
    await result.getByText('The bot would answer with the first article.').waitFor();
    expect(await result.locator('li').first().textContent()).toContain('Delivery times to Chiang Mai');

    // The box is not always positive: an unrelated question finds nothing.
    await tryBox.getByLabel('What a customer might write').fill('zebra xylophone tuning');
    await tryBox.getByRole('button', { name: 'Ask' }).click();
    await result.getByText('No answer: the bot would say it does not know.').waitFor();

    const importer = page.getByRole('region', { name: 'Import articles' });
    await importer.getByLabel('JSON or CSV file').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from('title,body,locale\nGift cards,,en\n') });
    const report = importer.getByRole('alert');
    await report.getByText('nothing was imported').waitFor();
    expect(await report.textContent()).toContain('row 1.body');
    await importer.getByLabel('JSON or CSV file').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from('title,body,locale,questions\nGift cards,Gift cards never expire.,en,Do gift cards expire?\n') });
    await importer.getByText('Imported 1 articles.').waitFor();
    await list.getByText('Gift cards').waitFor();

    const violations = await axeSerious(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'kb-admin.png'), fullPage: true });
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} @ ${v.targets.join(', ')}`)).toEqual([]);
    await context.close();
  });

  it('saves the bot settings of an inbox from the inbox screen', async () => {
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/admin/inboxes`);
    await page.getByRole('button', { name: /^Web chat Website/ }).click();
    const form = page.getByRole('form', { name: 'Bot' });
    await form.getByRole('group', { name: 'Greeting' }).getByRole('textbox', { name: 'English' }).fill('Hi! Ask me anything about your order.');
    await form.getByLabel('Hand over after this many unanswered questions').fill('3');
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByLabel('Attribute').fill('budget');
    await form.getByLabel('Question', { exact: true }).fill('What is your budget?');
    await form.getByLabel('Choices (comma-separated, optional)').fill('under 1000, 1000 or more');
    await form.getByRole('checkbox', { name: 'Monday' }).check();
    await form.getByRole('button', { name: 'Save bot settings' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();

    const stored = (await api(env.url, 'GET', `/api/bot/settings/${env.inbox.id}`, { token: env.token })).body.settings;
    expect(stored.greeting).toEqual({ en: 'Hi! Ask me anything about your order.' });
    expect(stored.handoff.maxUnanswered).toBe(3);
    expect(stored.qualification).toEqual([{ attribute: 'budget', question: 'What is your budget?', options: ['under 1000', '1000 or more'] }]);
    expect(stored.businessHours.days).toEqual({ mon: [{ open: '09:00', close: '17:00' }] });

    const violations = await axeSerious(page);
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} @ ${v.targets.join(', ')}`)).toEqual([]);
    await context.close();
  });
});
