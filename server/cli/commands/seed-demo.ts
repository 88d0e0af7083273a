import { asc, eq } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { createApp } from '../../app.js';
import { schema } from '../../db/client.js';
import { findAgentByEmail, hashPassword } from '../../agents/agents.js';
import { ingestMessage } from '../../ingest/ingest.js';
import { createOutgoingMessage } from '../../ingest/outbound.js';
import { createLogger } from '../../log.js';

export const DEMO_AGENT = { email: 'agent@demo.switchboard.test', name: 'Dana Demo', password: 'demo-password-1' };

/** Visitors of the Website inbox, each with what they asked and (sometimes) the agent's answer. */
const DEMO_CONVERSATIONS = [
  { visitor: 'demo-visitor-1', name: 'Ana Souza', email: 'ana@example.com', asks: ['Hi! Do you ship to Lisbon?', 'And how long does it take?'], reply: 'We do: 3–5 working days to Lisbon.' },
  { visitor: 'demo-visitor-2', name: 'สมชาย ใจดี', asks: ['สวัสดีครับ ขอสอบถามราคาแพ็กเกจรายปีครับ'], reply: 'สวัสดีค่ะ แพ็กเกจรายปีลด 20% ค่ะ' },
  { visitor: 'demo-visitor-3', name: '王小明', asks: ['你好，我的订单还没有发货。'] },
  { visitor: 'demo-visitor-4', name: 'مریم احمدی', asks: ['سلام، چطور می‌توانم رمز عبورم را تغییر دهم؟'], reply: 'سلام! از صفحهٔ تنظیمات، بخش امنیت.' },
  { visitor: 'demo-visitor-5', name: 'Jonas Berg', email: 'jonas@example.org', asks: ['Can I get an invoice with our VAT number on it?'] },
];

/**
 * Demo data through the real pipeline (ingest, listeners, delivery), in an app started on a loopback port for
 * the duration. Safe to run twice: messages are keyed on fixed external ids and the agent is created once.
 */
export async function seedDemo(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', INBOUND_SMTP_PORT: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createApp(config, { log: createLogger(config.LOG_LEVEL) });
  try {
    const { ctx } = app;
    if (app.adminSetup?.generatedPassword) console.log(`Admin account created: ${app.adminSetup.email} / ${app.adminSetup.generatedPassword}`);
    let agent = await findAgentByEmail(ctx.db, DEMO_AGENT.email);
    if (!agent) {
      [agent] = await ctx.db.insert(schema.agents).values({ email: DEMO_AGENT.email, name: DEMO_AGENT.name, role: 'agent', passwordHash: await hashPassword(DEMO_AGENT.password) }).returning();
    }
    // The web-chat inbox created on the first start ("Website"), or the oldest web inbox.
    const [website] = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.channel, 'web')).orderBy(asc(schema.inboxes.createdAt)).limit(1);
    await ctx.db.insert(schema.inboxMembers).values({ inboxId: website.id, agentId: agent.id }).onConflictDoNothing();
    let created = 0;
    for (const demo of DEMO_CONVERSATIONS) {
      let conversationId = '';
      let fresh = false;
      for (const [i, body] of demo.asks.entries()) {
        const r = await ingestMessage(ctx, { inboxId: website.id, externalId: `demo:${demo.visitor}:${i}`, sender: { address: demo.visitor, name: demo.name, email: demo.email }, body });
        conversationId = r.conversationId;
        if (r.created) { created++; fresh = true; }
      }
      if (demo.reply && fresh) await createOutgoingMessage(ctx, { conversationId, body: demo.reply, senderType: 'agent', senderId: agent.id });
    }
    await ctx.bus.drain();
    console.log(`Demo data: ${created} new visitor message(s) in "${website.name}". Demo agent: ${DEMO_AGENT.email} / ${DEMO_AGENT.password}`);
  } finally {
    await app.close();
  }
}
