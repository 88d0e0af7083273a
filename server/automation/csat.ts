import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNotNull, lte, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import type { ConversationRow } from '../events/bus.js';
import { createOutgoingMessage } from '../ingest/outbound.js';
import { opsFor } from './ops.js';
import { publicLink } from '../config.js';

export interface CsatSettings { enabled: boolean; thankYouMessage: string; surveyMessage: string }
const SETTINGS_KEY = 'ops.csat';
const DEFAULTS: CsatSettings = {
  // Off until an admin turns it on: a survey is a message to customers, which nobody should get by surprise.
  enabled: false,
  thankYouMessage: 'Thank you for contacting us. We have marked your request as resolved; just reply if anything is still open.',
  surveyMessage: 'How did we do? Rate this conversation:',
};

export async function getCsatSettings(ctx: AppContext): Promise<CsatSettings> {
  const [row] = await ctx.db.select().from(schema.settings).where(eq(schema.settings.key, SETTINGS_KEY));
  return { ...DEFAULTS, ...(row ? JSON.parse(row.value) : {}) };
}

export async function setCsatSettings(ctx: AppContext, patch: Partial<CsatSettings>): Promise<CsatSettings> {
  const next = { ...(await getCsatSettings(ctx)), ...patch };
  await ctx.db.insert(schema.settings).values({ key: SETTINGS_KEY, value: JSON.stringify(next) })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: JSON.stringify(next) } });
  return next;
}

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(`csat:${id}`).digest('base64url').slice(0, 32);
export const csatToken = (secret: string, id: string) => `${id}.${sign(secret, id)}`;

export function parseCsatToken(secret: string, token: string): string | null {
  const [id, sig] = token.split('.');
  if (!id || !sig || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/**
 * On resolve: thank the customer, then ask for a rating on their own channel. The survey message carries
 * contentType 'csat' with the link, so the widget can render stars inline and other channels send the link.
 */
export async function sendSurvey(ctx: AppContext, conversation: ConversationRow): Promise<string | null> {
  const settings = await getCsatSettings(ctx);
  if (!settings.enabled) return null;
  const inbox = await findInboxRow(ctx, conversation.inboxId);
  // Archiving an inbox resolves its conversations; that is not an answer to rate, and the inbox sends nothing.
  if (!inbox || inbox.archivedAt) return null;
  await createOutgoingMessage(ctx, { conversationId: conversation.id, body: settings.thankYouMessage, senderType: 'system', meta: { csat: 'thanks' } });
  const [survey] = await ctx.db.insert(schema.csatResponses).values({
    conversationId: conversation.id, contactId: conversation.contactId, inboxId: conversation.inboxId,
    agentId: conversation.assigneeId, channel: inbox.channel, sentAt: ctx.clock.now(),
  }).returning();
  const token = csatToken(ctx.appSecret, survey.id);
  const url = publicLink(ctx.config, `/csat/${token}`);
  await createOutgoingMessage(ctx, {
    conversationId: conversation.id, senderType: 'system', body: `${settings.surveyMessage} ${url}`,
    contentType: 'csat', content: { url, token }, meta: { csat: 'survey' },
  });
  return token;
}

export async function surveyByToken(ctx: AppContext, token: string) {
  const id = parseCsatToken(ctx.appSecret, token);
  if (!id) return null;
  const [row] = await ctx.db.select().from(schema.csatResponses).where(eq(schema.csatResponses.id, id));
  return row ?? null;
}

/** Stores (or corrects) the customer's rating, notes it on the conversation and lets rules react to it. */
export async function submitRating(ctx: AppContext, token: string, rating: number, comment: string | null): Promise<boolean> {
  const survey = await surveyByToken(ctx, token);
  if (!survey) return false;
  const saved = await ctx.bus.transaction(async (tx, emit) => {
    const [row] = await tx.update(schema.csatResponses).set({ rating, comment, answeredAt: ctx.clock.now() })
      .where(eq(schema.csatResponses.id, survey.id)).returning();
    const [conversation] = await tx.select().from(schema.conversations).where(eq(schema.conversations.id, row.conversationId));
    if (conversation) emit('csat.received', { conversation, rating, comment, responseId: row.id });
    return row;
  });
  await createOutgoingMessage(ctx, {
    conversationId: saved.conversationId, senderType: 'system', activity: true,
    body: `Customer rated ${rating}/5${comment ? `: ${comment}` : ''}`, meta: { csat: 'rating', rating, event: 'csat.received', params: { rating, comment } },
  });
  return true;
}

/** All answered feedback, newest first, with the conversation it belongs to. */
export async function listFeedback(ctx: AppContext, inboxIds: string[], q: { from?: Date; to?: Date; maxRating?: number; inboxId?: string }) {
  if (!inboxIds.length) return [];
  const conds: SQL[] = [isNotNull(schema.csatResponses.answeredAt)];
  if (q.from) conds.push(gte(schema.csatResponses.answeredAt, q.from));
  if (q.to) conds.push(lte(schema.csatResponses.answeredAt, q.to));
  if (q.maxRating) conds.push(lte(schema.csatResponses.rating, q.maxRating));
  if (q.inboxId) conds.push(eq(schema.csatResponses.inboxId, q.inboxId));
  conds.push(inArray(schema.csatResponses.inboxId, inboxIds));
  const rows = await ctx.db.select({ r: schema.csatResponses, contactName: schema.contacts.name, status: schema.conversations.status })
    .from(schema.csatResponses)
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.csatResponses.contactId))
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.csatResponses.conversationId))
    .where(and(...conds)).orderBy(desc(schema.csatResponses.answeredAt)).limit(500);
  return rows.map(({ r, contactName, status }) => ({
    id: r.id, conversationId: r.conversationId, conversationStatus: status, contactId: r.contactId, contactName,
    inboxId: r.inboxId, agentId: r.agentId, channel: r.channel, rating: r.rating, comment: r.comment,
    sentAt: r.sentAt.toISOString(), answeredAt: r.answeredAt?.toISOString() ?? null,
  }));
}
