import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { rooms } from '../realtime/rooms.js';
import { publicLink } from '../config.js';
import { lazyTransport, type MailSender } from '../../channels/kit/mailer.js';

/** Reminders reach the assignee live in every open agent tab and, when SMTP_URL is set, by e-mail. */
export class ReminderNotifier {
  private transport: MailSender | null;

  constructor(private ctx: AppContext, private io: Server) {
    this.transport = ctx.config.SMTP_URL ? lazyTransport(ctx.config.SMTP_URL) : null;
  }

  async remind(agent: { id: string; email: string; name: string }, task: Record<string, unknown> & { title: string; dueAt: string | null; id: string }): Promise<void> {
    this.io.of('/agent').to(rooms.agent(agent.id)).emit('task.reminder', { task });
    if (!this.transport) return;
    const link = publicLink(this.ctx.config, `/crm/tasks?task=${task.id}`);
    try {
      await this.transport.sendMail({
        from: `Switchboard <no-reply@${new URL(this.ctx.config.publicUrl).hostname}>`,
        to: agent.email,
        subject: `Reminder: ${task.title}`,
        text: `Hi ${agent.name},\n\n"${task.title}" is due${task.dueAt ? ` (${task.dueAt})` : ''}.\n\n${link}\n`,
      });
    } catch (err) {
      // The live reminder already went out; a mail server hiccup must not fail the job into a retry loop.
      this.ctx.log.warn({ err, taskId: task.id }, 'reminder e-mail failed');
    }
  }
}
