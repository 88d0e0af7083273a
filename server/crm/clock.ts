import type { AppContext } from '../context.js';

export type Clock = () => Date;

// Scoring decay and due reminders depend on "now"; tests move it forward instead of waiting days.
const clocks = new WeakMap<AppContext, Clock>();

export const now = (ctx: AppContext): Date => (clocks.get(ctx) ?? (() => new Date()))();

export function setClock(ctx: AppContext, clock: Clock | null): void {
  if (clock) clocks.set(ctx, clock);
  else clocks.delete(ctx);
}
