import { slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import type { TaskRow } from './tasks.js';

type ReminderSender = (task: TaskRow) => Promise<void>;

// The reminder sender needs the realtime server, which only the listener receives; routes find it here.
const SENDER = slot<{ send?: ReminderSender }>('task reminder sender', () => ({}));

export const setReminderSender = (ctx: AppContext, fn: ReminderSender) => { ctx.memory.get(SENDER).send = fn; };
export const reminderSenderFor = (ctx: AppContext): ReminderSender => ctx.memory.get(SENDER).send ?? (async () => {});
