import { and, eq } from 'drizzle-orm';
import type { ChannelKind } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';

/** Opt-out is per identity (this phone number on SMS), so the same customer may still be reached elsewhere. */
export async function setOptOut(ctx: AppContext, channel: ChannelKind, address: string, optedOut: boolean): Promise<void> {
  await ctx.bus.transaction(async (tx, emit) => {
    const [identity] = await tx.update(schema.contactIdentities)
      .set({ optedOutAt: optedOut ? ctx.clock.now() : null })
      .where(and(eq(schema.contactIdentities.channel, channel), eq(schema.contactIdentities.address, address)))
      .returning();
    if (!identity) return;
    const [contact] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, identity.contactId));
    if (contact) emit('contact.updated', { contact });
  });
}
