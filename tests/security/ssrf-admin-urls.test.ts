// The outbound URLs an admin sets on an inbox or integration (a messaging channel's apiOrigin, the SMS
// apiBaseUrl, a bot's own LLM baseUrl, Slack's slackApiUrl) go through the same SSRF guard as webhooks: a
// private or loopback address is a 400 naming the field unless `allowPrivate` is set beside it, and the SDK
// calls behind them check the address actually connected to, so a name that resolves to loopback fails. An
// e-mail inbox's own IMAP and SMTP hosts follow the same rule, with `allowPrivate` inside the imap/smtp block.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegram } from '../../channels/messaging/telegram.js';
import { whatsapp } from '../../channels/messaging/whatsapp.js';
import { sendSms } from '../../channels/sms/outbound.js';
import type { ChannelContext, OutboundMessage } from '../../channels/types.js';
import type { EmailInbox } from '../../channels/email/config.js';
import { ImapPoller } from '../../channels/email/imap-poller.js';
import { deliverEmail } from '../../channels/email/outbound.js';
import { EmailTokens } from '../../channels/email/tokens.js';
import { startSink } from '../email/mail-kit.js';
import { completeChat } from '../../server/bot/llm/chat.js';
import { webApi } from '@slack/bolt';
import { webClientOptions } from '../../server/integrations/slack/runtime.js';
import { api, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';

const LOOPBACK_FORMS = ['127.0.0.1', '[::ffff:127.0.0.1]', '[64:ff9b::7f00:1]'];
const SMS = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'sms-auth-token-0123456789', fromNumber: '+14155550100' };
const TELEGRAM = { botToken: '123456:ABC-def', secretToken: 'tg-secret-token-123456' };
const IMAP = { port: 143, secure: false, user: 'help', password: 'imap-password-1' };
const SLACK = { botToken: 'xoxb-test-1', signingSecret: 'slack-signing-secret-1', channelId: 'C0SUPPORT' };

describe('SSRF guard on admin-set provider URLs', () => {
  let s: TestServer;
  let admin: string;
  let standIn: Server;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    standIn = createServer((req, res) => { hits.push(req.url ?? ''); res.setHeader('content-type', 'application/json'); res.end('{"ok":true,"result":{"message_id":1}}'); });
    await new Promise<void>((r) => standIn.listen(0, '127.0.0.1', () => r()));
    port = (standIn.address() as AddressInfo).port;
  });
  afterAll(async () => {
    standIn?.close();
    await s?.close();
  });

  const createInbox = (channel: string, config: Record<string, unknown>) =>
    api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: `${channel} ${Math.random()}`, channel, config } });

  it('refuses every loopback form in apiOrigin, apiBaseUrl, the bot LLM baseUrl and slackApiUrl, naming the field', async () => {
    const web = (await api(s.url, 'GET', '/api/inboxes', { token: admin })).body.find((i: { channel: string }) => i.channel === 'web');
    for (const host of LOOPBACK_FORMS) {
      const url = `http://${host}:${port}`;
      const cases: [string, Promise<{ status: number; body: any }>][] = [
        ['config.apiOrigin', createInbox('telegram', { ...TELEGRAM, apiOrigin: url })],
        ['config.apiBaseUrl', createInbox('sms', { ...SMS, apiBaseUrl: url })],
        ['config.bot.llm.baseUrl', api(s.url, 'PUT', `/api/bot/settings/${web.id}`, { token: admin, body: { llm: { enabled: true, baseUrl: `${url}/v1`, model: 'm' } } })],
        ['slackApiUrl', api(s.url, 'PUT', '/api/integrations/slack', { token: admin, body: { ...SLACK, slackApiUrl: `${url}/api/` } })],
      ];
      for (const [field, pending] of cases) {
        const r = await pending;
        expect([r.status, r.body.error?.message], `${field} ${host}`).toEqual([400, expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')} refused: .*not a public address.*loopback`))]);
        expect(Object.keys(r.body.error.fields), `${field} ${host}`).toEqual([field]);
      }
    }
    // A DNS name is resolved when saved, too.
    const named = await createInbox('line', { channelSecret: 'line-channel-secret-123', accessToken: 'line-access-token-123', apiOrigin: `http://localhost:${port}` });
    expect([named.status, named.body.error.message]).toEqual([400, expect.stringMatching(/^config\.apiOrigin refused: localhost is not a public address/)]);
    // Nothing was stored: the Slack integration stays unconfigured.
    expect((await api(s.url, 'GET', '/api/integrations/slack', { token: admin })).status).toBe(404);
  });

  it('accepts the same addresses with allowPrivate beside the URL', async () => {
    const url = `http://127.0.0.1:${port}`;
    expect((await createInbox('telegram', { ...TELEGRAM, apiOrigin: url, allowPrivate: true })).status).toBe(201);
    expect((await createInbox('sms', { ...SMS, apiBaseUrl: url, allowPrivate: true })).status).toBe(201);
    const web = (await api(s.url, 'GET', '/api/inboxes', { token: admin })).body.find((i: { channel: string }) => i.channel === 'web');
    const bot = await api(s.url, 'PUT', `/api/bot/settings/${web.id}`, { token: admin, body: { llm: { baseUrl: `${url}/v1`, allowPrivate: true } } });
    expect([bot.status, bot.body.settings.llm.allowPrivate]).toEqual([200, true]);
    // allowPrivate on the channel does not cover the bot's URL: each flag sits beside its own URL.
    const mixed = await createInbox('telegram', { ...TELEGRAM, apiOrigin: url, allowPrivate: true, bot: { llm: { baseUrl: `${url}/v1` } } });
    expect([mixed.status, Object.keys(mixed.body.error.fields)]).toEqual([400, ['config.bot.llm.baseUrl']]);
  });

  // Past the save-time check (a config stored earlier, or a name that resolves elsewhere by now), the SDK calls
  // themselves are refused at connect time: the stand-in on 127.0.0.1 must never be reached through "localhost".
  it('refuses at connect time when a name resolves to loopback, through every provider SDK', async () => {
    hits.length = 0;
    const origin = `http://localhost:${port}`;
    const parts = { to: '42', text: 'hello', choices: [], media: [] } as never;
    await expect(telegram.send(parts, { ...TELEGRAM, apiOrigin: origin })).rejects.toThrow(/not a public address/);
    await expect(whatsapp.send(parts, { phoneNumberId: '5550001', accessToken: 'wa-token-xyz', appSecret: 'wa-secret-1', verifyToken: 'verify-wa-1', apiOrigin: origin })).rejects.toThrow(/not a public address/);
    const message = { id: 'm1', conversationId: 'c1', body: 'hi', contentType: 'text', content: null, attachments: [], attempt: 1, recipient: { address: '+14155550111' }, sender: { name: null, type: 'agent' }, conversation: { subject: null, attributes: {} }, threadExternalIds: [], meta: {} } satisfies OutboundMessage;
    const sms = await sendSms(message, { ...SMS, apiBaseUrl: origin }, { publicUrl: s.url, inboxId: 'i1', markOptedOut: async () => {} });
    expect(sms).toEqual({ kind: 'retry', reason: expect.stringMatching(/not a public address/) });
    await expect(completeChat({ baseUrl: `${origin}/v1`, model: 'm', timeoutMs: 5_000, allowPrivate: false }, [{ role: 'user', content: 'hi' }])).rejects.toThrow(/not a public address/);
    const slack = new webApi.WebClient(SLACK.botToken, { ...webClientOptions({ ...SLACK, slackApiUrl: `${origin}/api/` }), retryConfig: { retries: 0 } });
    await expect(slack.chat.postMessage({ channel: 'C0SUPPORT', text: 'hi' })).rejects.toThrow(/not a public address/);
    expect(hits).toEqual([]);

    // The same calls with allowPrivate reach the stand-in: the refusal above was the guard, not a dead port.
    await telegram.send(parts, { ...TELEGRAM, apiOrigin: origin, allowPrivate: true });
    expect(hits).toEqual([`/bot${TELEGRAM.botToken}/sendMessage`]);
  });

  it("refuses an e-mail inbox's private IMAP or SMTP host at save time unless allowPrivate is in that block", async () => {
    for (const host of ['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost', '10.1.2.3']) {
      const imap = await createInbox('email', { address: 'help@example.com', imap: { ...IMAP, host } });
      expect([imap.status, imap.body.error?.message, Object.keys(imap.body.error?.fields ?? {})], `imap ${host}`)
        .toEqual([400, expect.stringMatching(/^config\.imap\.host refused: .*not a public address/), ['config.imap.host']]);
      const smtp = await createInbox('email', { address: 'help@example.com', smtp: { host, port: 25 } });
      expect([smtp.status, Object.keys(smtp.body.error?.fields ?? {})], `smtp ${host}`).toEqual([400, ['config.smtp.host']]);
    }
    // Each flag covers its own block only.
    const half = await createInbox('email', { address: 'help@example.com', imap: { ...IMAP, host: '127.0.0.1', allowPrivate: true }, smtp: { host: '127.0.0.1', port: 25 } });
    expect([half.status, Object.keys(half.body.error.fields)]).toEqual([400, ['config.smtp.host']]);
    const both = await createInbox('email', { address: 'help@example.com', imap: { ...IMAP, host: '127.0.0.1', allowPrivate: true }, smtp: { host: '127.0.0.1', port: 25, allowPrivate: true } });
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    expect([both.body.config.imap.allowPrivate, both.body.config.smtp.allowPrivate]).toEqual([true, true]);
  });

  // A config stored earlier, or a name that now resolves to loopback: the connection itself is refused.
  it('refuses at connect time an SMTP or IMAP host that resolves to loopback', async () => {
    const sink = await startSink();
    const inbox = (smtp: Record<string, unknown>): EmailInbox => ({
      id: '00000000-0000-4000-8000-0000000000e1', name: 'Mail', channel: 'email', widgetKey: null, botEnabled: false, teamId: null,
      config: { address: 'help@example.com', replyTokens: false, smtp: { port: sink.port, secure: false, ...smtp } as never },
    });
    const ctx = { config: {}, loadAttachment: async () => null } as unknown as ChannelContext;
    const tokens = new EmailTokens(Buffer.alloc(32, 7));
    const message = (body: string) => ({ id: 'm1', conversationId: 'c1', body, contentType: 'text', content: null, attachments: [], attempt: 1, recipient: { address: 'customer@example.org' }, sender: { name: 'Ann', type: 'agent' }, conversation: { subject: 'Order', attributes: {} }, threadExternalIds: [], meta: {} }) satisfies OutboundMessage;
    try {
      for (const host of ['localhost', '127.0.0.1']) {
        const refused = await deliverEmail(message(`via ${host}`), inbox({ host }), ctx, tokens);
        expect(refused, host).toEqual({ kind: 'fail', reason: expect.stringMatching(/not a public address/) });
      }
      const sent = await deliverEmail(message('allowed'), inbox({ host: '127.0.0.1', allowPrivate: true }), ctx, tokens);
      expect(sent.kind).toBe('ok');
      await sink.next((m) => m.text?.trim() === 'allowed');
      expect(sink.mails.map((m) => m.parsed.text?.trim())).toEqual(['allowed']);
    } finally {
      await sink.stop();
    }

    // IMAP: a bare TCP listener counts connections; the guarded poller must never open one.
    let connections = 0;
    const imapServer = createTcpServer((socket) => { connections += 1; socket.end(); });
    await new Promise<void>((r) => imapServer.listen(0, '127.0.0.1', () => r()));
    const imapPort = (imapServer.address() as AddressInfo).port;
    const poll = async (imap: Record<string, unknown>) => {
      const warnings: string[] = [];
      const log = { info() {}, error() {}, warn(obj: { err?: Error }) { warnings.push(String(obj.err?.message)); } };
      const record = { ...inbox({}), config: { address: 'help@example.com', replyTokens: false, imap: { ...IMAP, port: imapPort, mailbox: 'INBOX', ...imap } as never } };
      const poller = new ImapPoller(record, { ...ctx, log } as ChannelContext, {} as never);
      poller.start();
      try {
        return await eventually(async () => warnings.length > 0 && warnings, 10_000, 'an IMAP failure logged');
      } finally {
        await poller.stop();
      }
    };
    try {
      expect(await poll({ host: 'localhost' })).toEqual([expect.stringMatching(/localhost is not a public address/)]);
      expect(connections).toBe(0);
      // The same poller with allowPrivate reaches the listener: the refusal above was the guard, not a dead port.
      await poll({ host: '127.0.0.1', allowPrivate: true });
      expect(connections).toBeGreaterThan(0);
    } finally {
      imapServer.close();
    }
  });
});
