import type { AppContext } from '../context.js';
import type { TaskRow } from './tasks.js';

// The reminder sender needs the realtime server, which only the listener receives; routes find it here.
const senders = new WeakMap<AppContext, (task: TaskRow) => Promise<void>>();

export const setReminderSender = (ctx: AppContext, fn: (task: TaskRow) => Promise<void>) => { senders.set(ctx, fn); };
export const reminderSenderFor = (ctx: AppContext) => senders.get(ctx) ?? (async () => {});
