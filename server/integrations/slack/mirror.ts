import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { attachmentUrl } from '../../messages/attachments.js';
import type { ConversationRow, MessageRow } from '../../events/bus.js';
import { onceFor } from '../../events/effects.js';
import { mirroredText, threadRootText } from './format.js';
import { slackRuntime, type SlackRuntime } from './runtime.js';
import { saveThread, threadOf } from './threads.js';
import { publicLink } from '../../config.js';

/**
 * Mirrors every conversation into a Slack thread: the root when it opens (or on its first message after Slack
 * was configured), then each message. A durable consumer of the log: one conversation's events come in order
 * on one node at a time, so the root always exists before its replies, and each message is posted once
 * (marked in the effects ledger); messages that came from Slack are not posted back.
 */
export function slackMirrorListener(ctx: AppContext): void {
  const slack = ctx.bus.consumer('slack');
  slack.on('conversation.created', async ({ conversation }) => {
    const runtime = await slackRuntime(ctx);
    if (runtime) await ensureThread(ctx, runtime, conversation);
  });

  slack.on('message.created', async ({ message, conversation }, event) => {
    if (message.meta?.origin === 'slack') return;
    const runtime = await slackRuntime(ctx);
    if (!runtime) return;
    await onceFor(ctx.db, 'slack', event, async () => {
      const thread = await ensureThread(ctx, runtime, conversation);
      await runtime.client.chat.postMessage({ channel: thread.channelId, thread_ts: thread.threadTs, text: await renderMessage(ctx, message, conversation), unfurl_links: false });
    });
  });
}

async function ensureThread(ctx: AppContext, runtime: SlackRuntime, conversation: ConversationRow) {
  const existing = await threadOf(ctx, conversation.id);
  if (existing) return existing;
  const [row] = await ctx.db.select({ contact: schema.contacts, inbox: schema.inboxes }).from(schema.conversations)
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId))
    .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
    .where(eq(schema.conversations.id, conversation.id));
  const text = threadRootText({ contact: row.contact, channel: row.inbox.channel, inboxName: row.inbox.name, url: publicLink(ctx.config, `/conversations/${conversation.id}`) });
  const posted = await runtime.client.chat.postMessage({ channel: runtime.settings.channelId, text, unfurl_links: false });
  if (!posted.ts) throw new Error('Slack returned no ts for the thread root');
  await saveThread(ctx, conversation.id, runtime.settings.channelId, posted.ts);
  return { channelId: runtime.settings.channelId, threadTs: posted.ts };
}

async function renderMessage(ctx: AppContext, message: MessageRow, conversation: ConversationRow): Promise<string> {
  let author = 'Customer';
  if (message.senderType === 'contact') {
    const [c] = await ctx.db.select({ name: schema.contacts.name, email: schema.contacts.email }).from(schema.contacts).where(eq(schema.contacts.id, conversation.contactId));
    author = c?.name ?? c?.email ?? author;
  } else if (message.senderId) {
    const [a] = await ctx.db.select({ name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, message.senderId));
    author = a?.name ?? 'Agent';
  }
  return mirroredText({
    author,
    kind: message.direction === 'activity' ? 'system' : (message.senderType as 'contact' | 'agent' | 'bot' | 'system'),
    isPrivate: message.private,
    body: message.body,
    attachments: message.attachments.map((a) => ({ name: a.name, url: publicLink(ctx.config, attachmentUrl(ctx.appSecret, a)) })),
  });
}
