// Figures per conversation and per day that reports aggregate. One pure computation serves both the live
// listener (one conversation at a time) and the rebuild (every conversation, in batches).
import { businessSecondsBetween, type Schedule } from './business-hours.js';

export interface FactMessage {
  direction: string;
  senderType: string;
  senderId: string | null;
  private: boolean;
  createdAt: Date;
}

export interface FactConversation {
  id: string;
  inboxId: string;
  teamId: string | null;
  assigneeId: string | null;
  labels: string[];
  status: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export const NO_ID = '00000000-0000-0000-0000-000000000000';

const isReply = (m: FactMessage) => m.direction === 'outgoing' && !m.private && (m.senderType === 'agent' || m.senderType === 'bot');
export const isAgentReply = (m: FactMessage) => isReply(m) && m.senderType === 'agent';
/**
 * A conversation's facts read its messages only for its agents' and bot's replies (first response, bot, human), so
 * a new message that is not such a reply leaves them as they are; what it changes in the conversation itself
 * (a reopened status, say) comes as that conversation's own `conversation.updated`.
 */
export const changesFacts = isReply;

export function conversationFacts(c: FactConversation, messages: FactMessage[], channel: string, schedule: Schedule | null, sla: { breached: string[] } | null) {
  const firstResponse = messages.find(isAgentReply);
  const resolvedAt = c.status === 'resolved' ? c.resolvedAt : null;
  const bot = messages.some((m) => m.direction === 'outgoing' && m.senderType === 'bot');
  const human = messages.some(isAgentReply);
  const secs = (a: Date, b: Date) => Math.max(0, (b.getTime() - a.getTime()) / 1000);
  return {
    conversationId: c.id, inboxId: c.inboxId, channel, teamId: c.teamId, assigneeId: c.assigneeId, labels: c.labels, createdAt: c.createdAt,
    firstResponseAt: firstResponse?.createdAt ?? null,
    firstResponseSeconds: firstResponse ? secs(c.createdAt, firstResponse.createdAt) : null,
    firstResponseBhSeconds: firstResponse ? businessSecondsBetween(schedule, c.createdAt, firstResponse.createdAt) : null,
    resolvedAt,
    resolutionSeconds: resolvedAt ? secs(c.createdAt, resolvedAt) : null,
    resolutionBhSeconds: resolvedAt ? businessSecondsBetween(schedule, c.createdAt, resolvedAt) : null,
    botResolved: Boolean(resolvedAt) && bot && !human,
    handedOff: bot && human,
    slaMet: sla ? sla.breached.length === 0 : null,
  };
}

export interface DailyIncrement {
  day: string; inboxId: string; channel: string; agentId: string; teamId: string;
  received: number; sent: number; replies: number; replySeconds: number; replyBhSeconds: number;
}

/**
 * What `message` adds to the daily rollup, given the conversation's earlier messages (oldest first). Reply time
 * runs from the first customer message nobody has answered yet to the agent's reply.
 */
export function messageIncrement(c: FactConversation, channel: string, schedule: Schedule | null, earlier: FactMessage[], message: FactMessage): DailyIncrement | null {
  const incoming = message.direction === 'incoming';
  const sent = message.direction === 'outgoing' && !message.private;
  if (!incoming && !sent) return null;
  const inc: DailyIncrement = {
    day: message.createdAt.toISOString().slice(0, 10), inboxId: c.inboxId, channel,
    agentId: (incoming ? c.assigneeId : message.senderType === 'agent' ? message.senderId : null) ?? NO_ID,
    teamId: c.teamId ?? NO_ID, received: incoming ? 1 : 0, sent: sent ? 1 : 0, replies: 0, replySeconds: 0, replyBhSeconds: 0,
  };
  if (isAgentReply(message)) {
    let waitStart: Date | null = null;
    for (let i = earlier.length - 1; i >= 0 && !isReply(earlier[i]); i--) if (earlier[i].direction === 'incoming') waitStart = earlier[i].createdAt;
    if (waitStart) {
      inc.replies = 1;
      inc.replySeconds = Math.max(0, (message.createdAt.getTime() - waitStart.getTime()) / 1000);
      inc.replyBhSeconds = businessSecondsBetween(schedule, waitStart, message.createdAt);
    }
  }
  return inc;
}
