// Typing, as both sides see it in the browser: the customer typing in the widget shows under the agent's last
// message and goes when they send; a colleague typing in the same conversation shows in the collision line,
// through the one typing event that also tells the visitor.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectSocket, createAgent, nextEvent } from '../support/server.js';
import { api, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!browserAvailable())('typing indicators in the inbox', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => env?.close());

  it('shows the customer typing until they send, and a colleague typing a reply', async () => {
    const first = await visitorWrites(env.url, env.inbox.widgetKey, 'สวัสดีค่ะ มีคำถามเรื่องการจัดส่ง', { name: 'Pia' });
    const visitor = await connectSocket(env.url, '/widget', first.visitorToken);
    const colleague = await createAgent(env.server, 'noor-typing@example.com', [env.inbox.id]);
    const noor = await connectSocket(env.url, '/agent', colleague.token);
    const { page, context } = await newPage(env);
    try {
      await signIn(page, env.url);
      await page.goto(`${env.url}/c/${first.conversationId}?status=all`);
      await page.locator('.msg-body', { hasText: 'มีคำถามเรื่องการจัดส่ง' }).waitFor();

      const indicator = page.getByRole('status').filter({ hasText: 'Pia is typing…' });
      // The widget says so on every keystroke; the page's socket may still be joining its rooms at the first.
      await expect.poll(async () => {
        visitor.emit('typing', { on: true, conversationId: first.conversationId });
        return indicator.waitFor({ timeout: 1000 }).then(() => true, () => false);
      }, { timeout: 20_000 }).toBe(true);
      await visitorWrites(env.url, env.inbox.widgetKey, 'ส่งถึงเชียงใหม่กี่วันคะ', undefined, first.visitorToken);
      await page.locator('.msg-body', { hasText: 'ส่งถึงเชียงใหม่กี่วันคะ' }).waitFor();
      await indicator.waitFor({ state: 'detached' });

      // The colleague opens the same conversation and starts a reply: the admin is warned, and the visitor,
      // on the same event, sees the colleague typing.
      noor.emit('presence.view', { conversationId: first.conversationId });
      await page.getByRole('status').filter({ hasText: 'noor-typing is also viewing this conversation' }).waitFor();
      const visitorSees = nextEvent(visitor, 'typing', (e: { on: boolean; sender?: { name?: string } }) => e.on && e.sender?.name === 'noor-typing');
      expect(await noor.emitWithAck('typing', { conversationId: first.conversationId, on: true, private: false })).toEqual({ ok: true });
      await page.getByRole('status').filter({ hasText: 'noor-typing is typing a reply — check before you answer' }).waitFor();
      expect(((await visitorSees) as unknown as { conversationId: string }).conversationId).toBe(first.conversationId);
      expect(await noor.emitWithAck('typing', { conversationId: first.conversationId, on: false })).toEqual({ ok: true });
      await page.getByRole('status').filter({ hasText: 'noor-typing is also viewing this conversation' }).waitFor();

      // A note being written stays among colleagues: the visitor hears nothing of it.
      let heard = false;
      visitor.on('typing', (e: { on: boolean }) => { if (e.on) heard = true; });
      expect(await noor.emitWithAck('typing', { conversationId: first.conversationId, on: true, private: true })).toEqual({ ok: true });
      await page.getByRole('status').filter({ hasText: 'noor-typing is typing a reply' }).waitFor();
      // A message the visitor then receives arrives after anything the note's typing could have sent them.
      const reply = nextEvent(visitor, 'message', (m: { body: string }) => m.body === '2–3 วันค่ะ');
      await api(env.url, 'POST', `/api/conversations/${first.conversationId}/messages`, { token: env.token, body: { body: '2–3 วันค่ะ' } });
      await reply;
      expect(heard).toBe(false);
    } finally {
      visitor.close();
      noor.close();
      await context.close();
    }
  });
});
