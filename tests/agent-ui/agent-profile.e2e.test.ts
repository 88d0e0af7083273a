// Availability and profile in the browser: an agent steps away from the account menu with the keyboard and
// the admin's team list follows without a reload; then the agent changes name, picture and password, signs in
// again with the new password and their reply carries the new picture.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '../support/server.js';
import { PNG_1X1 } from './images.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!browserAvailable())('availability and profile in the browser', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => { await env?.close(); });

  it('an agent switches to away from the avatar menu; another agent sees it change', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const email = `mali-${run}@example.com`;
    await createAgent(env.server, email, [env.inbox.id]);
    const adminSide = await newPage(env);
    const agentSide = await newPage(env);
    try {
      await signIn(adminSide.page, env.url);
      await adminSide.page.goto(env.url + '/admin/agents');
      const row = adminSide.page.getByRole('list', { name: 'Agents' }).getByRole('listitem').filter({ hasText: email });
      await signIn(agentSide.page, env.url, email, 'agent-password-1');
      await expect.poll(() => row.textContent()).toContain('Online');

      // Keyboard only: the avatar button opens the menu, focus lands on the current choice, arrows change it.
      const avatar = agentSide.page.getByRole('button', { name: new RegExp(`mali-${run}`) });
      await avatar.focus();
      await agentSide.page.keyboard.press('Enter');
      const online = agentSide.page.getByRole('radio', { name: /^Online/ });
      await expect.poll(() => online.evaluate((el) => el === document.activeElement)).toBe(true);
      await agentSide.page.keyboard.press('ArrowDown');
      await expect.poll(() => agentSide.page.getByRole('radio', { name: /^Away/ }).isChecked()).toBe(true);
      await expect.poll(() => row.textContent()).toContain('Away');
      await agentSide.page.keyboard.press('Escape');
      await expect.poll(() => avatar.evaluate((el) => el === document.activeElement)).toBe(true);

      // Stored, not only shown: the server says the same, and the assignment picker names it.
      const me = await api(env.url, 'GET', '/api/agents', { token: env.token });
      expect(me.body.find((a: any) => a.email === email).availability).toBe('away');
      const { conversationId } = await visitorWrites(env.url, env.inbox.widgetKey, `Hello from ${run}`);
      await adminSide.page.goto(`${env.url}/c/${conversationId}`);
      const picker = adminSide.page.getByTestId('assignee-select');
      await expect.poll(() => picker.locator('option').allTextContents()).toContain(`mali-${run} (Away)`);
    } finally {
      await adminSide.context.close();
      await agentSide.context.close();
    }
  });

  it('changes name, picture and password; signs in with the new one; the reply shows the picture', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const email = `somchai-${run}@example.com`;
    await createAgent(env.server, email, [env.inbox.id]);
    const { conversationId } = await visitorWrites(env.url, env.inbox.widgetKey, `Question ${run}`, { name: `Customer ${run}` });
    const { context, page } = await newPage(env);
    try {
      await signIn(page, env.url, email, 'agent-password-1');
      await page.getByRole('button', { name: new RegExp(`somchai-${run}`) }).click();
      await page.getByRole('link', { name: 'Your profile' }).click();
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      expect(await axeSerious(page)).toEqual([]);

      await page.getByLabel('Name', { exact: true }).fill(`Somchai ${run}`);
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByRole('button', { name: new RegExp(`Somchai ${run}`) }).waitFor();
      await page.getByLabel('Picture', { exact: true }).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG_1X1 });
      await page.getByText('Picture updated').waitFor();
      const avatarUrl = (await api(env.url, 'GET', '/api/agents', { token: env.token })).body.find((a: any) => a.email === email).avatarUrl as string;
      expect(avatarUrl).toMatch(/^\/attachments\//);

      // A wrong current password is refused in plain words and changes nothing.
      await page.getByLabel('Current password').fill('not-my-password');
      await page.getByLabel('New password', { exact: true }).fill('new-password-77');
      await page.getByLabel('Repeat the new password').fill('new-password-77');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('The current password is wrong.').waitFor();
      await page.getByLabel('Current password').fill('agent-password-1');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed. Other devices are signed out.').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/profile.png` });

      await page.getByRole('button', { name: new RegExp(`Somchai ${run}`) }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Work e-mail').waitFor();
      expect((await api(env.url, 'POST', '/api/auth/login', { body: { email, password: 'agent-password-1' } })).status).toBe(401);
      await signIn(page, env.url, email, 'new-password-77');

      await page.goto(`${env.url}/c/${conversationId}`);
      const composer = page.locator('#composer-text');
      await composer.fill(`Answer ${run}`);
      await composer.press('Enter');
      const reply = page.locator('li.msg-out').filter({ hasText: `Answer ${run}` });
      await reply.waitFor();
      await page.reload();
      const picture = reply.locator('.msg-avatar img');
      await expect.poll(() => picture.getAttribute('src')).toBe(avatarUrl);
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
      await expect.poll(() => reply.locator('.msg-author').textContent()).toBe(`Somchai ${run}`);

      // The language saved on the profile: the page turns Persian, right to left, and the next sign-in keeps it.
      await page.goto(`${env.url}/profile`);
      await page.getByLabel('Language', { exact: true }).selectOption('fa');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByRole('heading', { name: 'نمایه', level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/profile-fa.png` });
      const elsewhere = await newPage(env);
      try {
        await elsewhere.page.goto(env.url + '/');
        await elsewhere.page.getByLabel('Work e-mail').fill(email);
        await elsewhere.page.getByLabel('Password').fill('new-password-77');
        await elsewhere.page.getByRole('button', { name: 'Sign in' }).click();
        await expect.poll(() => elsewhere.page.evaluate(() => document.documentElement.lang)).toBe('fa');
      } finally {
        await elsewhere.context.close();
      }
    } finally {
      await context.close();
    }
  });
});
