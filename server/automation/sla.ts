// SLA deadlines and their state at an instant. Pure: the service feeds rows and the clock's "now".
import { addBusinessMinutes, businessSecondsBetween, type Schedule } from './business-hours.js';
import type { SlaTarget } from './ops.js';

export interface SlaPolicyTargets {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
}

export interface ConversationClock {
  createdAt: Date;
  firstReplyAt: Date | null;
  /** Set while the customer waits for an answer. */
  waitingSince: Date | null;
  status: string;
}

export interface Deadlines { first_response: Date | null; next_response: Date | null; resolution: Date | null }

/** Share of a target left under which a conversation counts as at risk. */
export const AT_RISK_SHARE = 0.25;

function add(policy: SlaPolicyTargets, schedule: Schedule | null, from: Date, minutes: number): Date | null {
  return addBusinessMinutes(policy.businessHours ? schedule : null, from, minutes);
}

/** The deadlines still running: a met or no longer applicable target has none. */
export function computeDeadlines(policy: SlaPolicyTargets, schedule: Schedule | null, c: ConversationClock): Deadlines {
  const resolved = c.status === 'resolved';
  return {
    first_response: policy.firstResponseMinutes != null && !c.firstReplyAt && !resolved ? add(policy, schedule, c.createdAt, policy.firstResponseMinutes) : null,
    next_response: policy.nextResponseMinutes != null && c.firstReplyAt && c.waitingSince && !resolved ? add(policy, schedule, c.waitingSince, policy.nextResponseMinutes) : null,
    resolution: policy.resolutionMinutes != null && !resolved ? add(policy, schedule, c.createdAt, policy.resolutionMinutes) : null,
  };
}

const minutesOf = (p: SlaPolicyTargets, t: SlaTarget) =>
  (t === 'first_response' ? p.firstResponseMinutes : t === 'next_response' ? p.nextResponseMinutes : p.resolutionMinutes) ?? 0;

export interface TargetState { target: SlaTarget; dueAt: string; secondsLeft: number; state: 'ok' | 'at_risk' | 'breached' }

/**
 * Time left per running target. With business hours, time left is open time (a deadline on Monday morning
 * seen on Friday evening has only the minutes left that the team will actually be working).
 */
export function targetStates(policy: SlaPolicyTargets, schedule: Schedule | null, d: Deadlines, now: Date): TargetState[] {
  const out: TargetState[] = [];
  for (const target of ['first_response', 'next_response', 'resolution'] as const) {
    const due = d[target];
    if (!due) continue;
    const secondsLeft = due <= now ? -(now.getTime() - due.getTime()) / 1000
      : policy.businessHours ? businessSecondsBetween(schedule, now, due) : (due.getTime() - now.getTime()) / 1000;
    const state = secondsLeft <= 0 ? 'breached' : secondsLeft <= minutesOf(policy, target) * 60 * AT_RISK_SHARE ? 'at_risk' : 'ok';
    out.push({ target, dueAt: due.toISOString(), secondsLeft: Math.round(secondsLeft), state });
  }
  return out;
}

export function overallState(states: TargetState[], breachedBefore: string[]): 'ok' | 'at_risk' | 'breached' {
  if (breachedBefore.length || states.some((s) => s.state === 'breached')) return 'breached';
  return states.some((s) => s.state === 'at_risk') ? 'at_risk' : 'ok';
}
