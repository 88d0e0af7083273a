// Password reset by e-mail: a request stores a one-time link (only its token's hash) valid for RESET_MINUTES
// and appends `agent.password_reset_requested` in the same transaction; the `password-resets` consumer of the
// event log sends the mail once (server/agents/password-reset-listener.ts). Confirming sets the
// password, uses the token up, and ends the agent's sessions (their open sockets close through the
// access-change path).
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { passwordResets } from './schema.js';
import { accessChanged } from '../auth/access-changes.js';
import { recordAudit } from '../automation/audit.js';
import { badRequest } from '../errors.js';
import { findAgentByEmail, hashPassword } from './agents.js';
import { publicLink } from '../config.js';

export const RESET_MINUTES = 30;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/**
 * Like an invitation's, the link's token is derived from the reset's id with the server secret: the mail
 * consumer rebuilds the link from the logged event, and neither the log nor the table holds the token.
 */
const resetToken = (ctx: AppContext, id: string) => createHmac('sha256', ctx.appSecret).update(`password-reset:${id}`).digest('base64url');
export const resetUrl = (ctx: AppContext, id: string) => publicLink(ctx.config, `/reset?token=${resetToken(ctx, id)}`);

/**
 * Starts a reset for the account with this e-mail, if there is one that may sign in. The caller answers
 * the same whatever happens here, so the response never tells whether an account exists.
 */
export async function requestPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const agent = await findAgentByEmail(ctx.db, email);
  if (!agent || agent.disabled) return;
  if (!ctx.config.SMTP_URL) {
    ctx.log.warn({ agentId: agent.id }, 'password reset requested but SMTP_URL is not set; no e-mail sent');
    return;
  }
  const id = randomUUID();
  await ctx.bus.transaction(async (tx, emit) => {
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + RESET_MINUTES * 60_000);
    await tx.insert(passwordResets).values({ id, agentId: agent.id, tokenHash: sha256(resetToken(ctx, id)), createdAt: now, expiresAt });
    emit('agent.password_reset_requested', { reset: { id, agentId: agent.id, email: agent.email, expiresAt } });
  });
}

const invalidLink = () => badRequest('This reset link is invalid, used or expired; ask for a new one');

/** Sets the new password if the token is live, and uses it (and every other open link of the agent) up. */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const agent = await ctx.db.transaction(async (tx) => {
    // Claiming first, conditionally, makes a double submit (or a race) succeed once.
    const [claimed] = await tx.update(passwordResets).set({ usedAt: ctx.clock.now() })
      .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, ctx.clock.now())))
      .returning({ agentId: passwordResets.agentId });
    if (!claimed) throw invalidLink();
    const [row] = await tx.update(schema.agents).set({ passwordHash })
      .where(and(eq(schema.agents.id, claimed.agentId), eq(schema.agents.disabled, false)))
      .returning({ id: schema.agents.id, email: schema.agents.email });
    if (!row) throw invalidLink();
    await tx.update(passwordResets).set({ usedAt: ctx.clock.now() }).where(and(eq(passwordResets.agentId, row.id), isNull(passwordResets.usedAt)));
    // Whoever knew the old password may hold a session: all of them end. API tokens are separate credentials.
    await tx.delete(schema.agentTokens).where(and(eq(schema.agentTokens.agentId, row.id), eq(schema.agentTokens.kind, 'session')));
    return row;
  });
  await accessChanged(ctx, [agent.id]);
  await recordAudit(ctx, agent, 'agent.password_reset', { type: 'agent', id: agent.id });
}
