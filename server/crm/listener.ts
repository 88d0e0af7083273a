import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { gatherer } from '../shared/gather.js';
import type { ContactRow, ConversationRow, MessageRow } from '../events/bus.js';
import { trackDelivery, trackReply } from './campaign-status.js';
import { enrichContact } from './enrichment.js';
import { reminderSender, startCrmJobs } from './jobs.js';
import { setReminderSender } from './runtime.js';
import { recomputeScore, recordMessageFacts, recordPageVisits } from './scoring.js';
import { followSnooze } from './snooze.js';
import { listStages, setStage } from './stages.js';

const LEAD_STAGE = 'lead';

/** A contact still at the first stage who leaves an e-mail address (widget form, bot, agent) is a lead. */
async function promoteOnEmail(ctx: AppContext, contact: ContactRow, stage: string): Promise<void> {
  if (!contact.email) return;
  const stages = await listStages(ctx);
  if (stage !== stages[0]?.key || !stages.some((s) => s.key === LEAD_STAGE)) return;
  await setStage(ctx, contact.id, LEAD_STAGE, { type: 'system' }, { key: 'email' });
}

/**
 * The CRM's side effects, a durable consumer of the log: enrichment, lifecycle, scoring facts, campaign status
 * and snooze reminders. The log hands one contact's events (and one conversation's) to one node at a time, in
 * order, so the created and updated events of one contact never race each other.
 */
export function crmListener(ctx: AppContext, io: Server): void {
  const crm = ctx.bus.consumer('crm');
  const onContact = async ({ contact }: { contact: ContactRow }) => {
    const state = await enrichContact(ctx, contact);
    await promoteOnEmail(ctx, contact, state.stage);
    await recordPageVisits(ctx, contact);
    await recomputeScore(ctx, contact.id);
  };
  crm.on('contact.created', onContact);
  crm.on('contact.updated', onContact);

  crm.on('message.updated', ({ message }) => trackDelivery(ctx, message));
  // The facts of every partition's batch within a few milliseconds: one read and one insert for all of them.
  const recordFacts = gatherer(10, async (messages: { message: MessageRow; conversation: ConversationRow }[]) => {
    for (const contactId of await recordMessageFacts(ctx, messages)) await recomputeScore(ctx, contactId);
  });
  // Every message comes with its conversation's update, so both are in one batch group: a backlog of messages is
  // then one batch, with one read and one insert for all their scoring facts.
  crm.batch(['message.created', 'conversation.updated'], async (items) => {
    const messages: { message: MessageRow; conversation: ConversationRow }[] = [];
    for (const item of items) {
      if (item.type === 'message.created') {
        await trackReply(ctx, item.payload.message, item.payload.conversation);
        messages.push(item.payload);
        continue;
      }
      const { conversation, changed, actor, reason } = item.payload;
      // The snooze's own end leaves its follow-up task open: the reminder due at that moment is the follow-up.
      if (reason === 'snooze_ended') continue;
      if (changed.includes('status') || changed.includes('snoozedUntil')) await followSnooze(ctx, conversation, actor);
    }
    await recordFacts(messages);
  });

  const remind = reminderSender(ctx, io);
  setReminderSender(ctx, remind);
  startCrmJobs(ctx, remind).catch((err) => ctx.log.error({ err }, 'CRM jobs failed to start'));
}
