import type { AppContext } from './context.js';

/**
 * Time as the services see it: `ctx.clock`, one per app. Scoring decay, reminders, SLA deadlines, business hours
 * and CSAT timestamps read it, so a test can move it by hand instead of waiting hours.
 */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date { return new Date(this.current); }
  set(at: Date | string): void { this.current = new Date(at); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
}

export const now = (ctx: Pick<AppContext, 'clock'>): Date => ctx.clock.now();
