import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';

export type ContactState = typeof schema.crmContactState.$inferSelect;

/** The CRM row of a contact, created at the first stage the first time the CRM looks at it. */
export async function ensureState(ctx: AppContext, contactId: string): Promise<ContactState> {
  const [row] = await ctx.db.select().from(schema.crmContactState).where(eq(schema.crmContactState.contactId, contactId));
  if (row) return row;
  // The defaults (stages.ts) start at 'visitor'; admins may have put another stage first.
  const [first] = await ctx.db.select({ key: schema.crmStages.key }).from(schema.crmStages).orderBy(asc(schema.crmStages.position)).limit(1);
  await ctx.db.insert(schema.crmContactState).values({ contactId, stage: first?.key ?? 'visitor' }).onConflictDoNothing();
  const [created] = await ctx.db.select().from(schema.crmContactState).where(eq(schema.crmContactState.contactId, contactId));
  return created;
}

export async function patchState(ctx: AppContext, contactId: string, set: Partial<Omit<ContactState, 'contactId'>>): Promise<void> {
  await ensureState(ctx, contactId);
  await ctx.db.update(schema.crmContactState).set({ ...set, updatedAt: ctx.clock.now() }).where(eq(schema.crmContactState.contactId, contactId));
}
