/**
 * Time as the services see it: `ctx.clock`, one per app. Scoring decay, reminders, SLA deadlines, business hours
 * and CSAT timestamps read it, so a test can move it by hand instead of waiting hours. Every timestamp a service
 * stores or compares comes from here (`tests/core/architecture.test.ts` refuses `new Date()` elsewhere);
 * `Date.now()` stays for process time only: cache lifetimes, intervals, job delays. Session expiry is the
 * database's own `now()`, so every node agrees on it.
 */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date { return new Date(this.current); }
  set(at: Date | string): void { this.current = new Date(at); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
}

export const now = (ctx: { clock: Clock }): Date => ctx.clock.now();
