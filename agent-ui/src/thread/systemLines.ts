// System and activity lines are stored with an English body (for webhooks, e-mail, exports and old rows) and a
// stable `meta.event` key with the values it needs in `meta.params`. This table turns a known key into the
// agent's language at display time; an unknown key, or a known one missing a value, falls back to the body.
import type { MessageKey, Translate } from '../i18n/i18n';
import { conversationRef } from './merge/conversationRef';

type Params = Record<string, unknown>;
type Render = (p: Params, t: Translate, locale: string) => string | null;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const HANDOFF_REASONS = ['requested', 'unanswered', 'negative_feedback', 'agent_replied'] as const;

const ref = (key: MessageKey): Render => (p, t) => {
  const id = text(p.otherConversationId);
  return id ? t(key, { ref: conversationRef(id) }) : null;
};

const BY: Record<string, MessageKey> = { agent: 'systemLine.by.agent', rule: 'systemLine.by.rule', auto: 'systemLine.by.auto', bot: 'systemLine.by.bot' };

/** Assigned, reassigned or unassigned (an agent or a team), then who did it; null when a name it needs is missing. */
const handedOver = (kind: 'assign' | 'team', to: string, from: string): Render => (p, t) => {
  const toName = text(p[`${to}Name`]);
  const fromName = text(p[`${from}Name`]);
  if ((p[`${to}Id`] && !toName) || (p[`${from}Id`] && !fromName) || (!toName && !fromName)) return null;
  const key = (form: 'moved' | 'to' | 'off') => `systemLine.${kind}.${form}` as MessageKey;
  const what = toName && fromName ? t(key('moved'), { from: fromName, to: toName })
    : toName ? t(key('to'), { to: toName }) : t(key('off'), { from: fromName! });
  const by = typeof p.by === 'string' && Object.hasOwn(BY, p.by) ? BY[p.by] : null;
  const name = text(p.byName);
  if (!by || ((p.by === 'agent' || p.by === 'rule') && !name)) return what;
  return t(by, { what, name: name ?? '' });
};

export const SYSTEM_LINES: Record<string, Render> = {
  'conversation.assigned': handedOver('assign', 'assignee', 'previousAssignee'),
  'conversation.team_assigned': handedOver('team', 'team', 'previousTeam'),
  'conversation.merged': ref('convMerge.systemFrom'),
  'conversation.merged_into': ref('convMerge.systemInto'),
  'conversation.snooze_ended': (_p, t) => t('thread.snoozeEnded'),
  'bot.handoff': (p, t) => {
    const reason = HANDOFF_REASONS.find((r) => r === p.reason);
    return reason ? t('systemLine.botHandoff', { reason: t(`systemLine.handoffReason.${reason}` as MessageKey) }) : null;
  },
  'csat.received': (p, t) => {
    if (typeof p.rating !== 'number') return null;
    const comment = text(p.comment);
    return comment ? t('systemLine.csatReceivedComment', { rating: p.rating, comment }) : t('systemLine.csatReceived', { rating: p.rating });
  },
  'task.noted': (p, t, locale) => {
    const title = text(p.title);
    if (!title) return null;
    const due = text(p.dueAt) ? new Date(p.dueAt as string) : null;
    return due && !Number.isNaN(due.getTime())
      ? t('systemLine.taskNotedDue', { title, due: due.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) })
      : t('systemLine.taskNoted', { title });
  },
};

/** The line in the agent's language, or the stored body when its key is unknown here. */
export function systemLineText(meta: Params | null | undefined, body: string, t: Translate, locale: string): string {
  const event = typeof meta?.event === 'string' ? meta.event : null;
  const render = event && Object.hasOwn(SYSTEM_LINES, event) ? SYSTEM_LINES[event] : null;
  if (!render) return body;
  // Rows written before `params` existed kept their values at the top of meta.
  const params = { ...meta, ...(meta?.params && typeof meta.params === 'object' ? (meta.params as Params) : {}) };
  return render(params, t, locale) ?? body;
}
