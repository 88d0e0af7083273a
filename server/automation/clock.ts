/** Time as the ops services see it; tests swap in a clock they move by hand. */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date { return new Date(this.current); }
  set(at: Date | string): void { this.current = new Date(at); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
}
