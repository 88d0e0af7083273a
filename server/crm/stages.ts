import { forget, memo } from '../shared/memo.js';
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, conflict } from '../errors.js';
import { now } from '../clock.js';
import { ensureState } from './state.js';
import { recordTimeline, type CrmActor, type StageReason } from './timeline.js';

export type StageRow = typeof schema.crmStages.$inferSelect;

const DEFAULT_STAGES = [
  { key: 'visitor', label: 'Visitor', position: 0, minScore: null },
  { key: 'lead', label: 'Lead', position: 1, minScore: null },
  { key: 'qualified', label: 'Qualified', position: 2, minScore: 50 },
  { key: 'customer', label: 'Customer', position: 3, minScore: null },
  { key: 'loyal', label: 'Loyal', position: 4, minScore: null },
];

/** The pipeline, in order. The defaults are written on first use so admins can rename and extend them. */
export function listStages(ctx: AppContext): Promise<StageRow[]> {
  return memo(ctx, 'crm:stages', () => loadStages(ctx));
}

async function loadStages(ctx: AppContext): Promise<StageRow[]> {
  let rows = await ctx.db.select().from(schema.crmStages).orderBy(asc(schema.crmStages.position));
  if (!rows.length) {
    await ctx.db.insert(schema.crmStages).values(DEFAULT_STAGES).onConflictDoNothing();
    rows = await ctx.db.select().from(schema.crmStages).orderBy(asc(schema.crmStages.position));
  }
  return rows;
}

export async function upsertStage(ctx: AppContext, input: { key: string; label: string; position?: number; minScore?: number | null }): Promise<StageRow> {
  const stages = await listStages(ctx);
  const existing = stages.find((s) => s.key === input.key);
  if (existing) {
    const [row] = await ctx.db.update(schema.crmStages).set({
      label: input.label, position: input.position ?? existing.position, minScore: input.minScore === undefined ? existing.minScore : input.minScore,
    }).where(eq(schema.crmStages.key, input.key)).returning();
    forget(ctx, 'crm:stages');
    return row;
  }
  const position = input.position ?? Math.max(...stages.map((s) => s.position)) + 1;
  const [row] = await ctx.db.insert(schema.crmStages).values({ key: input.key, label: input.label, position, minScore: input.minScore ?? null }).returning();
  forget(ctx, 'crm:stages');
  return row;
}

export async function deleteStage(ctx: AppContext, key: string): Promise<void> {
  const [used] = await ctx.db.select({ id: schema.crmContactState.contactId }).from(schema.crmContactState).where(eq(schema.crmContactState.stage, key)).limit(1);
  if (used) throw conflict('Contacts are still in this stage; move them first');
  await ctx.db.delete(schema.crmStages).where(eq(schema.crmStages.key, key));
  forget(ctx, 'crm:stages');
}

/** Moves a contact to a stage and writes who or what did it on the contact's timeline. */
const reasonText = (r: StageReason) => (r.key === 'score' ? `score ${r.score} ≥ ${r.min}` : 'left an e-mail address');

export async function setStage(ctx: AppContext, contactId: string, stage: string, actor: CrmActor, why?: StageReason): Promise<boolean> {
  const stages = await listStages(ctx);
  const target = stages.find((s) => s.key === stage);
  if (!target) throw badRequest('Unknown stage', { stage: `one of ${stages.map((s) => s.key).join(', ')}` });
  const state = await ensureState(ctx, contactId);
  if (state.stage === stage) return false;
  const from = stages.find((s) => s.key === state.stage);
  const reason = why ? reasonText(why) : null;
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.crmContactState).set({ stage, stageChangedAt: now(ctx), updatedAt: now(ctx) }).where(eq(schema.crmContactState.contactId, contactId));
    await recordTimeline(ctx, contactId, 'stage', `${from?.label ?? state.stage} → ${target.label}${reason ? ` (${reason})` : ''}`,
      { key: 'stage.moved', params: { from: state.stage, to: stage, reason: why ?? null } }, { from: state.stage, to: stage, reason }, actor, tx);
  });
  return true;
}

/** The highest stage whose score threshold is met, when it is further along than the current one. */
export function stageForScore(stages: StageRow[], current: string, score: number): StageRow | null {
  const position = stages.find((s) => s.key === current)?.position ?? -1;
  const reached = stages.filter((s) => s.minScore !== null && score >= s.minScore && s.position > position);
  return reached.sort((a, b) => b.position - a.position)[0] ?? null;
}
