import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn } from '../sms/twilio-stand-in.js';

const KEYS = ['install_widget', 'invite_teammate', 'connect_channel', 'add_kb_articles', 'switch_on_bot'];

describe('onboarding checklist', () => {
  let server: TestServer;
  let admin: string;
  let twilio: TwilioStandIn;

  beforeAll(async () => {
    twilio = await new TwilioStandIn().start();
    server = await startServer();
    admin = await loginAdmin(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await twilio?.close();
  });

  const checklist = async (token = admin) => {
    const r = await api(server.url, 'GET', '/api/setup/checklist', { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { steps: { key: string; done: boolean; href: string }[]; dismissed: boolean };
  };
  const done = async (token = admin) => Object.fromEntries((await checklist(token)).steps.map((s) => [s.key, s.done]));

  it('starts with every step open, and each flips to done through the real action', async () => {
    const fresh = await checklist();
    expect(fresh).toEqual({
      dismissed: false,
      steps: [
        { key: 'install_widget', done: false, href: '/admin/inboxes' },
        { key: 'invite_teammate', done: false, href: '/admin/agents' },
        { key: 'connect_channel', done: false, href: '/admin/inboxes' },
        { key: 'add_kb_articles', done: false, href: '/admin/kb' },
        { key: 'switch_on_bot', done: false, href: '/admin/inboxes' },
      ],
    });

    const invite = await api(server.url, 'POST', '/api/invites', { token: admin, body: { email: 'teammate@acme.test' } });
    expect(invite.status, JSON.stringify(invite.body)).toBe(201);
    expect(await done()).toEqual({ install_widget: false, invite_teammate: true, connect_channel: false, add_kb_articles: false, switch_on_bot: false });

    const article = await api(server.url, 'POST', '/api/kb/articles', { token: admin, body: { title: 'Opening hours', body: 'We are open 9 to 5.', locale: 'en' } });
    expect(article.status, JSON.stringify(article.body)).toBe(201);
    expect((await done()).add_kb_articles).toBe(true);

    const web = await websiteInbox(server.url, admin);
    const bot = await api(server.url, 'PATCH', `/api/inboxes/${web.id}`, { token: admin, body: { bot: { enabled: true } } });
    expect(bot.status, JSON.stringify(bot.body)).toBe(200);
    expect((await done()).switch_on_bot).toBe(true);

    // A widget session alone is not an installed widget: the first visitor message is.
    const visitor = await newVisitor(server.url, web.widgetKey);
    expect((await done()).install_widget).toBe(false);
    const sent = await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'Hello from the site', clientId: 'first-visit-1' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect((await done()).install_widget).toBe(true);

    // A channel counts once its connection test passed; a failing test does not.
    const sms = await api(server.url, 'POST', '/api/inboxes', {
      token: admin, body: { name: 'SMS', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: 'e5'.repeat(16), fromNumber: '+14155550000', apiBaseUrl: twilio.url, allowPrivate: true } },
    });
    expect(sms.status, JSON.stringify(sms.body)).toBe(201);
    expect((await api(server.url, 'POST', `/api/inboxes/${sms.body.id}/test-connection`, { token: admin })).body.ok).toBe(false);
    expect((await done()).connect_channel).toBe(false);
    await api(server.url, 'PATCH', `/api/inboxes/${sms.body.id}`, { token: admin, body: { config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550000', apiBaseUrl: twilio.url, allowPrivate: true } } });
    expect((await api(server.url, 'POST', `/api/inboxes/${sms.body.id}/test-connection`, { token: admin })).body.ok).toBe(true);
    expect(await done()).toEqual(Object.fromEntries(KEYS.map((k) => [k, true])));
  });

  it('dismissal is per admin, survives a restart, and is for admins only', async () => {
    const other = await createAgent(server, 'second-admin@acme.test', [], 'admin');
    const agent = await createAgent(server, 'plain-agent@acme.test', []);
    expect((await api(server.url, 'GET', '/api/setup/checklist', { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/setup/checklist/dismiss', { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/setup/checklist')).status).toBe(401);

    const dismissed = await api(server.url, 'POST', '/api/setup/checklist/dismiss', { token: admin });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.dismissed).toBe(true);
    expect((await checklist()).dismissed).toBe(true);
    expect((await checklist(other.token)).dismissed).toBe(false);
    // Twice is the same as once.
    expect((await api(server.url, 'POST', '/api/setup/checklist/dismiss', { token: admin })).body.dismissed).toBe(true);

    const dataDir = server.dataDir;
    await server.close({ keepData: true });
    server = await startServer({}, dataDir);
    admin = await loginAdmin(server.url);
    expect((await checklist()).dismissed).toBe(true);
    const otherAgain = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'second-admin@acme.test', password: 'agent-password-1' } });
    expect((await checklist(otherAgain.body.token)).dismissed).toBe(false);
  });
});
