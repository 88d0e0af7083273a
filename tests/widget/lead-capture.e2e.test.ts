import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifact, browserAvailable, embedHtml, hostPage, startHostSite, useWidgetEnv, visitorWrites, w, type TestServer } from './harness.js';

describe.runIf(browserAvailable())('widget lead capture (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const { newPage, settings } = useWidgetEnv((e) => ({ server, browser, site } = e));

  it('the per-inbox pre-chat form validates required and optional fields and stores them on the contact', async () => {
    const invalid = await server.api('PUT', `/api/widget/settings/${server.inboxId}`, { preChat: { enabled: true, fields: [{ name: '1bad', label: 'x' }] } });
    expect(invalid.status).toBe(400); // the settings editor validates field definitions
    await settings({
      preChat: {
        enabled: true,
        message: 'Tell us who you are and we will get back to you.',
        fields: [
          { name: 'name', label: 'Your name', type: 'text', required: true },
          { name: 'email', label: 'E-mail', type: 'email', required: true },
          { name: 'phone', label: 'Phone', type: 'tel', required: false },
          { name: 'company', label: 'Company', type: 'text', required: false },
          { name: 'topic', label: 'Topic', type: 'select', required: true, options: ['Wholesale', 'Retail'] },
        ],
      },
    });
    const page = await newPage();
    await hostPage(page, site, '/prechat', embedHtml(server));
    await w(page, '.sb-bubble').click();
    await w(page, '#sb-prechat-title').waitFor();
    expect(await w(page, '.sb-card p').first().textContent()).toBe('Tell us who you are and we will get back to you.');
    expect(await w(page, '#sb-input').count()).toBe(0); // no composer before the form is done
    // Optional fields say so; required ones are marked for assistive technology.
    expect(await w(page, '.sb-field:has(input[name=phone]) .sb-optional').count()).toBe(1);
    expect(await w(page, '.sb-field:has(input[name=name]) .sb-optional').count()).toBe(0);
    expect(await w(page, 'input[name=email]').getAttribute('aria-required')).toBe('true');

    const submit = w(page, '.sb-form button[type=submit]');
    await submit.click();
    const errorFor = (field: string) => w(page, `.sb-field:has([name=${field}]) .sb-error`);
    await errorFor('name').waitFor();
    expect(await errorFor('email').count()).toBe(1);
    expect(await errorFor('topic').count()).toBe(1);
    expect(await errorFor('phone').count()).toBe(0); // empty optional fields are fine
    expect(await errorFor('company').count()).toBe(0);

    await w(page, 'input[name=name]').fill('Napat Srisuk');
    await w(page, 'input[name=email]').fill('napat@');
    await w(page, 'input[name=phone]').fill('call me');
    await w(page, 'select[name=topic]').selectOption('Wholesale');
    await submit.click();
    await expect.poll(() => errorFor('email').textContent()).toMatch(/valid e-?mail/i);
    expect(await errorFor('phone').textContent()).toMatch(/phone/i);
    expect(await w(page, 'input[name=email]').getAttribute('aria-invalid')).toBe('true');
    expect(await errorFor('name').count()).toBe(0);
    expect((await server.api('GET', `/api/conversations?inboxId=${server.inboxId}&status=all`)).body.items).toHaveLength(0);

    await w(page, 'input[name=email]').fill('Napat@Fernleaf.test');
    await w(page, 'input[name=phone]').fill('+66 81 234 5678');
    await w(page, 'input[name=company]').fill('Fernleaf Roasters');
    await page.screenshot({ path: artifact('widget-prechat.png') });
    await submit.click();
    await w(page, '#sb-input').waitFor();
    expect(await w(page, '#sb-prechat-title').count()).toBe(0);

    const conversation = await visitorWrites(server, page, 'Can I order 20 kg of beans a month?');
    // The form's details are saved by their own request, which may still be on its way when the message lands.
    const readContact = async () => (await server.api('GET', `/api/contacts/${conversation.contactId}`)).body;
    await expect.poll(async () => (await readContact()).phone).toMatch(/^\+66\s?81\s?234\s?5678$|^\+66812345678$/);
    const contact = await readContact();
    expect(contact.name).toBe('Napat Srisuk');
    expect(contact.email).toBe('napat@fernleaf.test');
    expect(contact.phone).toMatch(/^\+66\s?81\s?234\s?5678$|^\+66812345678$/);
    expect(contact.attributes).toMatchObject({ company: 'Fernleaf Roasters', topic: 'Wholesale' });

    await page.reload(); // the form is not asked again on the next page
    await w(page, '.sb-bubble').click();
    await w(page, '.sb-mine >> text=20 kg').waitFor();
    expect(await w(page, '#sb-prechat-title').count()).toBe(0);
    await settings({});
  });

  it('asks an anonymous visitor for an e-mail when nobody answers within the configured time, not when an agent replies', async () => {
    await settings({ askEmailAfterMinutes: 0.05 }); // three seconds
    const page = await newPage();
    await hostPage(page, site, '/ask', embedHtml(server));
    const answered = await visitorWrites(server, page, 'Is the shop open on Sunday?');
    await server.api('POST', `/api/conversations/${answered.id}/messages`, { body: 'Yes, 10:00 to 16:00.' });
    await w(page, '.sb-theirs >> text=10:00 to 16:00').waitFor();
    await page.waitForTimeout(4_000); // longer than the configured wait: an answered visitor is not asked
    expect(await w(page, '#sb-ask-title').count()).toBe(0);

    await visitorWrites(server, page, 'And on public holidays?');
    // The prompt appears on its own, without any other activity in the widget.
    await w(page, '#sb-ask-title').waitFor({ timeout: 10_000 });
    await w(page, '.sb-card-inline input[name=email]').fill('not-an-address');
    await w(page, '.sb-card-inline button[type=submit]').click();
    await w(page, '.sb-card-inline .sb-error').waitFor();
    await w(page, '.sb-card-inline input[name=email]').fill('visitor@example.org');
    await page.screenshot({ path: artifact('widget-ask-email.png') });
    await w(page, '.sb-card-inline button[type=submit]').click();
    await w(page, '.sb-note >> text=visitor@example.org').waitFor();
    await expect.poll(async () => (await server.api('GET', `/api/contacts/${answered.contactId}`)).body.email).toBe('visitor@example.org');

    // A visitor who already gave an e-mail is not asked again.
    await page.reload();
    await w(page, '.sb-bubble').click();
    await w(page, '.sb-mine >> text=public holidays').waitFor();
    await page.waitForTimeout(1_000);
    expect(await w(page, '#sb-ask-title').count()).toBe(0);
    await settings({});
  });
});
