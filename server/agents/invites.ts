// Invitations by e-mail: an admin invites an address with a role and inbox
// memberships; the link carries a one-time token (only its hash is stored);
// accepting creates the agent, applies memberships and signs them in. The
// e-mail is sent by the `invitations` consumer of the event log from the
// `agent.invited` event written with the invitation
// (server/agents/invite-mail-listener.ts).
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { agentInvites } from './schema.js';
import { conflict, notFound } from '../errors.js';
import { findAgentByEmail, hashPassword, issueToken, toAuthedAgent } from './agents.js';
import { publicLink } from '../config.js';

export const INVITE_DAYS = 7;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export type InviteRow = typeof agentInvites.$inferSelect;

export function serializeInvite(row: InviteRow, url?: string) {
  return {
    id: row.id, email: row.email, role: row.role, inboxIds: row.inboxIds,
    expiresAt: row.expiresAt.toISOString(), acceptedAt: row.acceptedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(), ...(url ? { url } : {}),
  };
}

/**
 * The link's token is derived from the invitation id with the server secret, so the mail consumer can rebuild
 * the link from the logged event without the token (or anything that reveals it) ever being stored.
 */
const inviteToken = (ctx: AppContext, id: string) => createHmac('sha256', ctx.appSecret).update(`invite:${id}`).digest('base64url');
export const inviteUrl = (ctx: AppContext, id: string) => publicLink(ctx.config, `/invite/${inviteToken(ctx, id)}`);

/**
 * Stores the invitation and its `agent.invited` event in one transaction: an invitation never exists without
 * its mail on the way (sent by the invitations consumer when SMTP_URL is set). `emailed` says whether a mail
 * will be sent; the admin can always copy the link instead.
 */
export async function createInvite(ctx: AppContext, input: { email: string; role: 'admin' | 'agent'; inboxIds: string[] }, invitedBy: { id: string; name: string }) {
  const email = input.email.trim().toLowerCase();
  if (await findAgentByEmail(ctx.db, email)) throw conflict('An agent with that e-mail already exists');
  const id = randomUUID();
  const invite = await ctx.bus.transaction(async (tx, emit) => {
    // One pending invitation per address, as Chatwoot refuses a second invite for an e-mail it already has: a
    // second link would stay pending after the person joined through the first. The lock serialises two admins
    // inviting the same address at once.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite:${email}`}))`);
    const [pending] = await tx.select().from(agentInvites)
      .where(and(eq(agentInvites.email, email), isNull(agentInvites.acceptedAt), gt(agentInvites.expiresAt, ctx.clock.now())));
    if (pending) {
      throw conflict(`${email} already has a pending invitation (expires ${pending.expiresAt.toISOString().slice(0, 10)}). Copy its link from Pending invitations, or revoke it to invite again.`);
    }
    const [row] = await tx.insert(agentInvites).values({
      id, email, role: input.role, inboxIds: input.inboxIds, tokenHash: sha256(inviteToken(ctx, id)), invitedById: invitedBy.id,
      expiresAt: new Date(ctx.clock.now().getTime() + INVITE_DAYS * 86_400_000),
    }).returning();
    emit('agent.invited', { invite: { id, email, role: input.role }, inviterName: invitedBy.name });
    return row;
  });
  return { invite, url: inviteUrl(ctx, id), emailed: Boolean(ctx.config.SMTP_URL) };
}

/** Invitations still waiting: not accepted, and not for an address that has since become an agent some other way. */
export const listInvites = (ctx: AppContext) =>
  ctx.db.select().from(agentInvites)
    .where(and(isNull(agentInvites.acceptedAt), sql`not exists (select 1 from ${schema.agents} where lower(${schema.agents.email}) = ${agentInvites.email})`))
    .orderBy(desc(agentInvites.createdAt));

export async function revokeInvite(ctx: AppContext, id: string) {
  const rows = await ctx.db.delete(agentInvites).where(and(eq(agentInvites.id, id), isNull(agentInvites.acceptedAt))).returning({ id: agentInvites.id });
  if (!rows.length) throw notFound('Invitation');
}

async function openInvite(ctx: AppContext, token: string): Promise<InviteRow> {
  const [row] = await ctx.db.select().from(agentInvites)
    .where(and(eq(agentInvites.tokenHash, sha256(token)), isNull(agentInvites.acceptedAt), gt(agentInvites.expiresAt, ctx.clock.now())));
  if (!row) throw notFound('Invitation');
  return row;
}

export async function lookupInvite(ctx: AppContext, token: string) {
  const row = await openInvite(ctx, token);
  return { email: row.email, expiresAt: row.expiresAt.toISOString() };
}

export async function acceptInvite(ctx: AppContext, token: string, input: { name: string; password: string }) {
  const invite = await openInvite(ctx, token);
  const passwordHash = await hashPassword(input.password);
  const agent = await ctx.db.transaction(async (tx) => {
    // Marking accepted first, conditionally, makes a double submit create one agent, not two.
    const claimed = await tx.update(agentInvites).set({ acceptedAt: ctx.clock.now() })
      .where(and(eq(agentInvites.id, invite.id), isNull(agentInvites.acceptedAt))).returning({ id: agentInvites.id });
    if (!claimed.length) throw notFound('Invitation');
    // Older links to the same address (expired ones) are done with too: the person has joined.
    await tx.update(agentInvites).set({ acceptedAt: ctx.clock.now() }).where(and(eq(agentInvites.email, invite.email), isNull(agentInvites.acceptedAt)));
    const [existing] = await tx.select({ id: schema.agents.id }).from(schema.agents).where(sql`lower(${schema.agents.email}) = ${invite.email}`);
    if (existing) throw conflict('An agent with that e-mail already exists');
    const [agent] = await tx.insert(schema.agents).values({ email: invite.email, name: input.name, role: invite.role, passwordHash }).returning();
    const inboxes = invite.inboxIds.length ? await tx.select({ id: schema.inboxes.id }).from(schema.inboxes) : [];
    const valid = invite.inboxIds.filter((id) => inboxes.some((i) => i.id === id));
    if (valid.length) await tx.insert(schema.inboxMembers).values(valid.map((inboxId) => ({ inboxId, agentId: agent.id }))).onConflictDoNothing();
    return agent;
  });
  return { token: await issueToken(ctx.db, agent.id), agent: toAuthedAgent(agent) };
}
