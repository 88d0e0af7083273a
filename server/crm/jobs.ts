import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { CAMPAIGN_SEND_QUEUE, sendRecipient, type CampaignSendJob } from './campaign-send.js';
import { CAMPAIGN_QUEUE, runCampaignJob } from './campaigns.js';
import { ReminderNotifier } from './notify.js';
import { recomputeAll } from './scoring.js';
import { fireDueReminders, REMINDER_QUEUE, rescheduleIfEarly, serializeTask, type TaskRow } from './tasks.js';

export const TICK_QUEUE = 'crm-tick';
const TICK_MS = 60_000;
const DECAY_EVERY_MS = 60 * 60_000;
const TICK_SETTING = 'crm.tick';

export type Remind = (task: TaskRow) => Promise<void>;

/** Reminder delivery: the assignee (or, for an unassigned task, its creator) gets it live and by e-mail. */
export function reminderSender(ctx: AppContext, io: Server): Remind {
  const notifier = new ReminderNotifier(ctx, io);
  return async (task) => {
    const agentId = task.assigneeId ?? task.createdById;
    if (!agentId) return;
    const [agent] = await ctx.db.select({ id: schema.agents.id, email: schema.agents.email, name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, agentId));
    if (agent) await notifier.remind(agent, serializeTask(task));
  };
}

/**
 * Due-time work on the core job queue: one job per task reminder, campaign start/batches and one send per
 * campaign recipient, and a minute tick that sweeps reminders (a safety net) and decays scores hourly. Only the tick chain started last runs, so
 * restarts never multiply it.
 */
export async function startCrmJobs(ctx: AppContext, remind: Remind): Promise<void> {
  await ctx.jobs.work<{ taskId: string }>(REMINDER_QUEUE, 2, async ({ taskId }) => {
    const fired = await fireDueReminders(ctx, remind, taskId);
    if (!fired.length) await rescheduleIfEarly(ctx, taskId);
  });
  // The send queue exists before the first batch (which enqueues into it) can run.
  await ctx.jobs.work<CampaignSendJob>(CAMPAIGN_SEND_QUEUE, 2, (job) => sendRecipient(ctx, job.recipientId));
  await ctx.jobs.work<Parameters<typeof runCampaignJob>[1]>(CAMPAIGN_QUEUE, 1, (job) => runCampaignJob(ctx, job));

  const generation = randomUUID();
  await ctx.db.insert(schema.settings).values({ key: TICK_SETTING, value: generation })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: generation } });
  let lastDecay = 0;
  await ctx.jobs.work<{ generation: string }>(TICK_QUEUE, 1, async (job) => {
    const [current] = await ctx.db.select().from(schema.settings).where(eq(schema.settings.key, TICK_SETTING));
    if (current?.value !== job.generation) return;
    await fireDueReminders(ctx, remind);
    if (Date.now() - lastDecay >= DECAY_EVERY_MS) {
      lastDecay = Date.now();
      await recomputeAll(ctx);
    }
    await ctx.jobs.enqueue(TICK_QUEUE, { generation }, { startAfterMs: TICK_MS });
  });
  await ctx.jobs.enqueue(TICK_QUEUE, { generation }, { startAfterMs: TICK_MS });
}
