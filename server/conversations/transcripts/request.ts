// Asking for a transcript only records the request (an event in the log, and for agents an audit entry, in one
// transaction); the transcripts consumer sends the mail. So a route never waits on SMTP, and a relay that is
// down delays the mail instead of losing it.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import type { Actor, ConversationRow } from '../../events/bus.js';
import { DomainError } from '../../errors.js';

/** Without outbound mail there is nobody to send through: say so instead of accepting a request that never goes. */
export function transcriptsAvailable(ctx: AppContext): boolean {
  return Boolean(ctx.config.SMTP_URL);
}

export interface TranscriptRequest {
  conversation: ConversationRow;
  to: string;
  actor: Actor;
  /** Set for agents: who sent it, for the audit log (whether it went to the contact, never the address). */
  audit?: { agentId: string; agentEmail: string; toContact: boolean };
  /** A visitor's first address, saved on their contact in the same transaction. */
  saveContactEmail?: boolean;
}

export async function requestTranscript(ctx: AppContext, req: TranscriptRequest): Promise<void> {
  if (!transcriptsAvailable(ctx)) throw new DomainError('conflict', 'mail_unavailable', 'Transcripts need outbound e-mail, which is not set up (SMTP_URL)');
  const to = req.to.trim().toLowerCase();
  await ctx.bus.transaction(async (tx, emit) => {
    if (req.saveContactEmail) {
      const [contact] = await tx.update(schema.contacts).set({ email: to, updatedAt: ctx.clock.now() })
        .where(eq(schema.contacts.id, req.conversation.contactId)).returning();
      emit('contact.updated', { contact });
    }
    if (req.audit) {
      await tx.insert(schema.auditLog).values({
        actorId: req.audit.agentId, actorEmail: req.audit.agentEmail, action: 'conversation.transcript_sent',
        targetType: 'conversation', targetId: req.conversation.id, details: { recipient: req.audit.toContact ? 'contact' : 'other' },
      });
    }
    emit('transcript.requested', { conversation: req.conversation, to, actor: req.actor });
  });
}
