import { eq } from 'drizzle-orm';
import type { webApi } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { canSeeInbox, findAgentByEmail, toAuthedAgent } from '../../agents/agents.js';
import { assertInboxActive } from '../../inboxes/archive.js';
import { createOutgoingMessage } from '../../ingest/outbound.js';
import { slackToPlain } from './format.js';
import type { SlackSettings } from './settings.js';
import { claimEvent, conversationOfThread } from './threads.js';

interface SlackMessageEvent {
  type: string; subtype?: string; bot_id?: string; user?: string; text?: string; ts: string; thread_ts?: string; channel: string;
}

const NOTE_PREFIX = /^\s*note:\s*/i;

/**
 * A human's reply in a mirrored thread becomes that agent's reply to the customer on the customer's channel.
 * Bot posts (ours included), edits, top-level messages and other channels are ignored; Slack retries too.
 */
export async function handleThreadReply(ctx: AppContext, settings: SlackSettings, client: webApi.WebClient, body: { event_id: string; event: SlackMessageEvent }): Promise<void> {
  const event = body.event;
  if (event.subtype || event.bot_id || !event.user || !event.text) return;
  if (event.channel !== settings.channelId || !event.thread_ts || event.thread_ts === event.ts) return;
  const conversationId = await conversationOfThread(ctx, event.channel, event.thread_ts);
  if (!conversationId || !(await claimEvent(ctx, body.event_id))) return;

  const tellAuthor = (text: string) => client.chat.postEphemeral({ channel: event.channel, user: event.user!, thread_ts: event.thread_ts, text });
  const info = await client.users.info({ user: event.user });
  const email = info.user?.profile?.email;
  const agent = email ? await findAgentByEmail(ctx.db, email) : undefined;
  const [conversation] = await ctx.db.select({ inboxId: schema.conversations.inboxId }).from(schema.conversations).where(eq(schema.conversations.id, conversationId));
  if (!agent || agent.disabled || !conversation || !(await canSeeInbox(ctx.db, toAuthedAgent(agent), conversation.inboxId))) {
    await tellAuthor(`Not sent: no Switchboard agent with access to this inbox has the e-mail ${email ?? 'of your Slack profile'}. Ask an admin to invite you with the same address.`);
    return;
  }
  const isNote = NOTE_PREFIX.test(event.text);
  const text = slackToPlain(event.text.replace(NOTE_PREFIX, '')).trim();
  if (!text) return;
  try {
    // An archived inbox is read-only from Slack too; the author is told why nothing went out.
    await assertInboxActive(ctx, conversation.inboxId);
    await createOutgoingMessage(ctx, {
      conversationId, body: text, private: isNote, senderType: 'agent', senderId: agent.id,
      // `origin` keeps the mirror from posting this message back into the thread it came from.
      meta: { origin: 'slack', slackTs: event.ts },
    });
  } catch (err) {
    await tellAuthor(`Not sent: ${(err as Error).message}`);
  }
}
