import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifact, browserAvailable, embedHtml, hostPage, startHostSite, useWidgetEnv, w, type TestServer } from './harness.js';

const SECRET = 'sb-test-identity-secret-0001';
const USER_42_HASH = 'c1b3e545e4725d27753caaf0110c2176388d3dde6df9209eaa2480dde4388301';

describe.runIf(browserAvailable())('widget features (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const { newPage, settings } = useWidgetEnv((e) => ({ server, browser, site } = e));
  const latestConversation = async () =>
    (await server.api('GET', `/api/conversations?inboxId=${server.inboxId}&status=all&sort=newest`)).body.items[0];


  it('outside business hours shows the offline form, which still creates the conversation and captures the e-mail', async () => {
    await settings({ businessHours: { enabled: true, timeZone: 'UTC', days: {} } });
    const page = await newPage();
    await hostPage(page, site, '/offline', embedHtml(server));
    await w(page, '.sb-bubble').click();
    await w(page, '#sb-offline-title').waitFor();
    expect(await w(page, '#sb-input').count()).toBe(0); // no live composer while away
    await w(page, '.sb-form button[type=submit]').click();
    await w(page, '.sb-error').first().waitFor(); // required fields are validated
    await w(page, 'input[name=name]').fill('Somchai');
    await w(page, 'input[name=email]').fill('somchai@example.co.th');
    await w(page, 'textarea[name=message]').fill('Do you deliver to Bangkok on weekends?');
    await page.screenshot({ path: artifact('widget-offline-form.png') });
    await w(page, '.sb-form button[type=submit]').click();
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    const conversation = await latestConversation();
    expect(conversation.lastMessage.body).toBe('Do you deliver to Bangkok on weekends?');
    const contact = await server.api('GET', `/api/contacts/${conversation.contactId}`);
    expect(contact.body.email).toBe('somchai@example.co.th');
    expect(contact.body.name).toBe('Somchai');
    await settings({});
  });

  it('shows a proactive message after N seconds on a matching URL, once, and records the rule on the conversation', async () => {
    await settings({ proactive: [{ id: 'pricing-help', message: 'Comparing plans? Ask us anything.', urlPattern: '/pricing*', delaySeconds: 2 }] });
    const page = await newPage();
    await hostPage(page, site, '/about', embedHtml(server));
    await w(page, '.sb-bubble').waitFor();
    await page.waitForTimeout(3500); // longer than the rule's delay: nothing must show on a non-matching page
    expect(await w(page, '.sb-preview').count()).toBe(0);

    await hostPage(page, site, '/pricing', embedHtml(server));
    await w(page, '.sb-preview').waitFor({ timeout: 30_000 });
    expect(await w(page, '.sb-preview-text').textContent()).toBe('Comparing plans? Ask us anything.');
    await page.screenshot({ path: artifact('widget-proactive.png') });
    await w(page, '.sb-preview-body').click();
    await w(page, '#sb-input').fill('Is the team plan billed yearly?');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    await expect.poll(async () => (await server.api('GET', `/api/conversations/${(await latestConversation()).id}`)).body.attributes?.proactiveRuleId, { timeout: 10_000 })
      .toBe('pricing-help');

    await page.reload(); // shown once per visitor per rule
    await w(page, '.sb-bubble').waitFor();
    await page.waitForTimeout(3500);
    expect(await w(page, '.sb-preview').count()).toBe(0);
    await settings({});
  });

  it('accepts a verified identity (queued before load), shows history on another device, and refuses a forged one', async () => {
    const patch = await server.api('PATCH', `/api/inboxes/${server.inboxId}`, { config: { identitySecret: SECRET, enforceIdentity: true } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const stub = (hash: string) => `<script>window.Switchboard={q:[["setUser",["user-42",{"name":"Ann Lee","email":"ann@example.com","plan":"pro"},"${hash}"]]]};</script>`;

    const laptop = await newPage();
    await hostPage(laptop, site, '/account', embedHtml(server, { head: stub(USER_42_HASH) }));
    await w(laptop, '.sb-bubble').click();
    await w(laptop, '#sb-input').fill('Please change my delivery day');
    await w(laptop, '#sb-input').press('Enter');
    await w(laptop, '.sb-mine .sb-ticks.sb-received').waitFor();
    const conversation = await latestConversation();
    const contact = (await server.api('GET', `/api/contacts/${conversation.contactId}`)).body;
    expect(contact.email).toBe('ann@example.com');
    expect(contact.attributes.identityVerified).toBe(true);
    expect(contact.attributes.plan).toBe('pro');
    expect(contact.identities.some((i: { channel: string; verified: boolean }) => i.channel === 'web_user' && i.verified)).toBe(true);

    const phone = await newPage({ width: 390, height: 844 });
    await hostPage(phone, site, '/account', embedHtml(server, { head: stub(USER_42_HASH) }));
    await w(phone, '.sb-bubble').click();
    await w(phone, '.sb-mine >> text=Please change my delivery day').waitFor();
    await phone.screenshot({ path: artifact('widget-mobile.png') });

    const forger = await newPage();
    await hostPage(forger, site, '/account', embedHtml(server, { head: stub(USER_42_HASH.replace(/^c1/, 'c2')) }));
    await w(forger, '.sb-bubble').click();
    await w(forger, '.sb-notice').waitFor();
    expect(await w(forger, '.sb-messages').innerText()).not.toContain('delivery day');
    const direct = await server.api('POST', '/api/widget/identify', { widgetKey: server.widgetKey, identifier: 'user-42', identifierHash: '0'.repeat(64) }, null);
    expect(direct.status).toBe(401);
    expect(direct.body.error.code).toBe('identity_unverified');
    const unsigned = await server.api('POST', '/api/widget/identify', { widgetKey: server.widgetKey, identifier: 'user-42' }, null);
    expect(unsigned.status).toBe(401);
    await server.api('PATCH', `/api/inboxes/${server.inboxId}`, { config: { enforceIdentity: false } });
  });

  it('renders Persian right-to-left with a mirrored layout', async () => {
    const page = await newPage();
    await hostPage(page, site, '/fa', embedHtml(server, { settings: { locale: 'fa' }, lang: 'fa' }));
    await w(page, '.sb-bubble').click();
    const app = w(page, '.sb-app');
    await app.waitFor({ state: 'attached' });
    await expect.poll(() => app.getAttribute('dir')).toBe('rtl');
    expect(await app.getAttribute('lang')).toBe('fa');
    await expect.poll(() => w(page, '#sb-input').getAttribute('placeholder')).toBe('پیام خود را بنویسید…');
    await w(page, '#sb-input').fill('سلام، سفارش من کی می‌رسد؟');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    // Mirrored: the visitor's own bubble sits on the left in RTL.
    const panel = await w(page, '.sb-panel').boundingBox();
    const mine = await w(page, '.sb-mine .sb-bubble-text').boundingBox();
    expect(mine!.x - panel!.x).toBeLessThan(panel!.width / 2 - mine!.width / 2);
    await page.screenshot({ path: artifact('widget-rtl-fa.png') });
  });

  it('is unaffected by hostile host-page CSS', async () => {
    const measure = async (path: string, head: string) => {
      const page = await newPage();
      await hostPage(page, site, path, embedHtml(server, { head }));
      await w(page, '.sb-bubble').click();
      await w(page, '#sb-input').fill('x');
      const send = w(page, '.sb-send');
      const probe = await send.evaluate((el) => {
        const s = getComputedStyle(el);
        const title = el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).querySelector('#sb-title')! : el;
        const t = getComputedStyle(title);
        return { color: s.color, display: s.display, fontSize: t.fontSize, fontFamily: t.fontFamily, titleColor: t.color };
      });
      const box = await w(page, '.sb-panel').boundingBox();
      return { page, probe, box };
    };
    const clean = await measure('/clean', '');
    const hostile = await measure('/hostile', `<style>
      body * { display: none !important; }
      button { color: red !important; background: yellow !important; }
      * { font-size: 40px !important; font-family: "Comic Sans MS", cursive !important; line-height: 3 !important; }
      div, h1, p { color: green !important; transform: rotate(3deg) !important; }
      switchboard-widget { opacity: 0 !important; visibility: hidden !important; }
      html { font-size: 5px; direction: rtl; }
    </style>`);
    expect(hostile.probe).toEqual(clean.probe);
    expect(hostile.box).toEqual(clean.box);
    expect(await w(hostile.page, '.sb-panel').isVisible()).toBe(true);
    await hostile.page.screenshot({ path: artifact('widget-hostile-css.png') });
  });

  it('asks for a rating after the agent resolves, stores it, and starts a new conversation on request', async () => {
    const page = await newPage();
    await hostPage(page, site, '/csat', embedHtml(server));
    await w(page, '.sb-bubble').click();
    await w(page, '#sb-input').fill('Where is my order #1042?');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    const first = await latestConversation();
    await server.api('POST', `/api/conversations/${first.id}/messages`, { body: 'It ships today. Anything else?' });
    await server.api('PATCH', `/api/conversations/${first.id}`, { status: 'resolved' });
    await w(page, '.sb-csat').waitFor();
    await w(page, '.sb-rating button >> nth=4').click();
    await w(page, '.sb-csat textarea').fill('Quick and friendly');
    await page.screenshot({ path: artifact('widget-csat.png') });
    await w(page, '.sb-csat button[type=submit]').click();
    await w(page, 'text=Thanks for your feedback!').waitFor();
    const rated = (await server.api('GET', `/api/conversations/${first.id}`)).body;
    expect(rated.attributes.csat).toMatchObject({ rating: 5, comment: 'Quick and friendly' });

    await w(page, 'button >> text=Start a new conversation').click();
    await w(page, '#sb-input').fill('One more thing: gift wrapping?');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine >> text=gift wrapping').waitFor();
    await expect.poll(async () => (await latestConversation()).id, { timeout: 10_000 }).not.toBe(first.id);
  });

  it('is keyboard operable: opens from the bubble, keeps focus inside while open, Escape closes back to the bubble', async () => {
    const page = await newPage();
    await hostPage(page, site, '/keyboard', `<button id="host-before">before</button>${embedHtml(server)}<button id="host-after">after</button>`);
    await w(page, '.sb-bubble').focus();
    await page.keyboard.press('Enter');
    await w(page, '#sb-input').waitFor();
    // Focus lands inside the messenger and stays there however far the visitor tabs, both ways.
    const insideWidget = () => page.evaluate(() => document.activeElement?.tagName.toLowerCase() === 'switchboard-widget');
    expect(await insideWidget()).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await insideWidget()).toBe(true);
    }
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideWidget()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await w(page, '#sb-input').waitFor({ state: 'hidden' });
    const focused = await page.evaluate(() => (document.querySelector('switchboard-widget')?.shadowRoot?.activeElement as HTMLElement | null)?.className ?? '');
    expect(focused).toContain('sb-bubble');
  });
});
