import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { schema, type Db } from '../../db/client.js';
import { isUuid } from '../../shared/ids.js';
import { notFound } from '../../errors.js';
import { BUILT_IN_SYNONYMS } from './lexicon.js';

// Synonym groups the admin edits: each is a list of words or short phrases that mean the same thing to the
// business ("parcel", "package", "shipment"). The built-in groups are listed read-only beside them.

export type SynonymRow = typeof schema.kbSynonyms.$inferSelect;

export const synonymInputSchema = z.object({
  terms: z.array(z.string().trim().min(1).max(60)).min(2, 'at least two words or phrases').max(30)
    .transform((terms) => [...new Set(terms.map((t) => t.toLowerCase()))])
    .refine((terms) => terms.length >= 2, 'at least two different words or phrases'),
});

export const serializeSynonym = (s: SynonymRow) => ({
  id: s.id, terms: s.terms, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
});

export async function synonymGroups(db: Db): Promise<string[][]> {
  const rows = await db.select({ terms: schema.kbSynonyms.terms }).from(schema.kbSynonyms);
  return rows.map((r) => r.terms);
}

export async function listSynonyms(ctx: AppContext) {
  const rows = await ctx.db.select().from(schema.kbSynonyms).orderBy(asc(schema.kbSynonyms.createdAt), asc(schema.kbSynonyms.id));
  return { items: rows.map(serializeSynonym), builtIn: BUILT_IN_SYNONYMS };
}

export async function createSynonym(ctx: AppContext, terms: string[]): Promise<SynonymRow> {
  const [row] = await ctx.db.insert(schema.kbSynonyms).values({ terms }).returning();
  return row;
}

export async function updateSynonym(ctx: AppContext, id: string, terms: string[]): Promise<SynonymRow> {
  const [row] = isUuid(id)
    ? await ctx.db.update(schema.kbSynonyms).set({ terms, updatedAt: ctx.clock.now() }).where(eq(schema.kbSynonyms.id, id)).returning()
    : [];
  if (!row) throw notFound('Synonym group');
  return row;
}

export async function deleteSynonym(ctx: AppContext, id: string): Promise<void> {
  const rows = isUuid(id)
    ? await ctx.db.delete(schema.kbSynonyms).where(eq(schema.kbSynonyms.id, id)).returning({ id: schema.kbSynonyms.id })
    : [];
  if (!rows.length) throw notFound('Synonym group');
}
