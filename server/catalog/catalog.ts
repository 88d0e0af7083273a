// Admin-managed catalogues used across the inbox: teams (core table), labels
// and canned responses. Unique-name clashes surface as 409, not 500.
import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { cannedResponses, inboxLabels } from './schema.js';
import { conflict, notFound } from '../errors.js';

const isUniqueViolation = (err: unknown) => (err as { code?: string; cause?: { code?: string } })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505';

async function unique<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`${what} already exists`);
    throw err;
  }
}

// Core lower-cases conversation labels, so the catalogue stores them the same way.
export const normaliseLabel = (name: string) => name.trim().toLowerCase();

export async function listTeams(ctx: AppContext) {
  const teams = await ctx.db.select().from(schema.teams).orderBy(asc(schema.teams.name));
  const members = await ctx.db.select().from(schema.teamMembers);
  return teams.map((t) => ({ id: t.id, name: t.name, description: t.description, memberIds: members.filter((m) => m.teamId === t.id).map((m) => m.agentId) }));
}

export async function saveTeam(ctx: AppContext, id: string | null, input: { name?: string; description?: string | null; memberIds?: string[] }) {
  return unique('A team with that name', () =>
    ctx.db.transaction(async (tx) => {
      let teamId = id;
      if (!teamId) {
        const [row] = await tx.insert(schema.teams).values({ name: input.name!, description: input.description ?? null }).returning();
        teamId = row.id;
      } else {
        const set: Record<string, unknown> = {};
        if (input.name !== undefined) set.name = input.name;
        if (input.description !== undefined) set.description = input.description;
        const rows = Object.keys(set).length
          ? await tx.update(schema.teams).set(set).where(eq(schema.teams.id, teamId)).returning()
          : await tx.select().from(schema.teams).where(eq(schema.teams.id, teamId));
        if (!rows.length) throw notFound('Team');
      }
      if (input.memberIds) {
        await tx.delete(schema.teamMembers).where(eq(schema.teamMembers.teamId, teamId));
        if (input.memberIds.length) await tx.insert(schema.teamMembers).values(input.memberIds.map((agentId) => ({ teamId: teamId!, agentId }))).onConflictDoNothing();
      }
      return teamId;
    }),
  );
}

export async function deleteTeam(ctx: AppContext, id: string) {
  const rows = await ctx.db.delete(schema.teams).where(eq(schema.teams.id, id)).returning({ id: schema.teams.id });
  if (!rows.length) throw notFound('Team');
}

export const listLabels = (ctx: AppContext) => ctx.db.select().from(inboxLabels).orderBy(asc(inboxLabels.name));

export async function saveLabel(ctx: AppContext, id: string | null, input: { name?: string; color?: string; description?: string | null }) {
  const values = { ...input, ...(input.name !== undefined ? { name: normaliseLabel(input.name) } : {}) };
  return unique('A label with that name', async () => {
    if (!id) return (await ctx.db.insert(inboxLabels).values(values as { name: string }).returning())[0];
    const [before] = await ctx.db.select().from(inboxLabels).where(eq(inboxLabels.id, id));
    if (!before) throw notFound('Label');
    if (!Object.keys(values).length) return before; // an empty UPDATE is an error in SQL
    const [row] = await ctx.db.update(inboxLabels).set(values).where(eq(inboxLabels.id, id)).returning();
    // A rename carries over to every conversation that wears the old name.
    if (values.name && values.name !== before.name) {
      await ctx.db.execute(sql`update conversations set labels = array_replace(labels, ${before.name}, ${values.name}) where ${before.name} = any(labels)`);
    }
    return row;
  });
}

export async function deleteLabel(ctx: AppContext, id: string) {
  const [row] = await ctx.db.delete(inboxLabels).where(eq(inboxLabels.id, id)).returning();
  if (!row) throw notFound('Label');
  await ctx.db.execute(sql`update conversations set labels = array_remove(labels, ${row.name}) where ${row.name} = any(labels)`);
}

export const listCanned = (ctx: AppContext) => ctx.db.select().from(cannedResponses).orderBy(asc(cannedResponses.shortCode));

export async function saveCanned(ctx: AppContext, id: string | null, input: { shortCode?: string; content?: string }) {
  return unique('A canned response with that short code', async () => {
    if (!id) return (await ctx.db.insert(cannedResponses).values(input as { shortCode: string; content: string }).returning())[0];
    // An empty patch changes nothing, and an empty UPDATE is an error in SQL: just read the row.
    const [row] = Object.keys(input).length
      ? await ctx.db.update(cannedResponses).set(input).where(eq(cannedResponses.id, id)).returning()
      : await ctx.db.select().from(cannedResponses).where(eq(cannedResponses.id, id));
    if (!row) throw notFound('Canned response');
    return row;
  });
}

export async function deleteCanned(ctx: AppContext, id: string) {
  const rows = await ctx.db.delete(cannedResponses).where(eq(cannedResponses.id, id)).returning({ id: cannedResponses.id });
  if (!rows.length) throw notFound('Canned response');
}
