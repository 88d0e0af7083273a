import { normaliseText } from '../../shared/search.js';
import { updateConversation } from '../../conversations/conversations.js';
import type { SwitchboardContext } from '../runtime/context.js';
import { insideBusinessHours } from '../settings.js';
import type { HandoffReason } from '../state.js';
import { isTalkToHumanButton } from './choices.js';
import { askLeadField } from './ask.js';

// Handing a conversation to people: status `open` (the bot only speaks in `pending` ones), routed to the
// inbox's team or left unassigned, with an activity line telling the agents why.

// Whole words in scripts with spaces; plain substrings in Thai and Chinese, which have none.
const WORD_KEYWORDS = ['agent', 'human', 'operator', 'representative', 'real person', 'talk to a person', 'speak to a person',
  'talk to someone', 'speak to someone', 'live agent', 'اپراتور', 'کارشناس', 'پشتیبان انسانی', 'صحبت با انسان'];
const SUBSTRING_KEYWORDS = ['คุยกับพนักงาน', 'ขอคุยกับคน', 'ติดต่อพนักงาน', 'เจ้าหน้าที่', 'พนักงาน', '转人工', '人工客服', '人工', '真人', '客服人员'];

const REASON_TEXT: Record<HandoffReason, string> = {
  requested: 'the customer asked for a person',
  unanswered: 'the bot could not answer several questions in a row',
  negative_feedback: 'the customer said the answer did not help',
  agent_replied: 'an agent replied',
};

export function wantsHuman(context: SwitchboardContext): boolean {
  if (context.event.payload === 'handoff') return true;
  const text = normaliseText(context.text);
  if (isTalkToHumanButton(context.text) || text.trim() === normaliseText(context.say('talkToHuman')).trim()) return true;
  const words = [...WORD_KEYWORDS, ...context.settings.handoff.keywords].map(normaliseText);
  const spaced = ` ${text.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  if (words.some((w) => spaced.includes(` ${w} `))) return true;
  return SUBSTRING_KEYWORDS.some((k) => text.includes(k));
}

/**
 * Outside business hours the visitor is first told when to expect an answer and asked for an e-mail address
 * (once), so the team can follow up; the conversation is handed over either way.
 */
export async function handOff(context: SwitchboardContext, reason: HandoffReason, opts: { emailJustGiven?: string } = {}): Promise<void> {
  const inside = insideBusinessHours(context.settings, context.inbox.config, context.app.clock.now());
  if (!inside && !context.botState.offlineEmailAsked && !opts.emailJustGiven) {
    const contact = await context.contact();
    if (!contact.email) {
      context.setBotState({ offlineEmailAsked: true, step: { kind: 'lead', field: 'email', queue: [], attempts: 0, then: 'handoff', reason } });
      await askLeadField(context, 'email', 'askEmailOffline');
      return;
    }
  }
  if (opts.emailJustGiven) await context.sendText(context.say('followUp', { email: opts.emailJustGiven }));
  else await context.sendText(context.say(inside ? 'handoffInside' : 'handoffOutside'));
  await context.client.note(`Handed over to a person: ${REASON_TEXT[reason]}.`, { handoffReason: reason, event: 'bot.handoff', params: { reason } });
  context.setBotState({ step: null, unanswered: 0 });
  await updateConversation(context.app, context.raw.conversationId, {
    status: 'open', ...(context.inbox.teamId ? { teamId: context.inbox.teamId } : {}),
  }, { type: 'bot' });
  await context.record({ kind: 'handoff', reason, inboxId: context.raw.inboxId, conversationId: context.raw.conversationId, query: context.text });
}
