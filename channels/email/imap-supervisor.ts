import type { ChannelContext } from '../types.js';
import type { InboxDirectory } from './directory.js';
import { ImapPoller } from './imap-poller.js';
import type { EmailIntake } from './inbound.js';

const RECONCILE_MS = 10_000;

/**
 * Keeps exactly one poller per e-mail inbox with IMAP settings, in the whole cluster: a node polls a mailbox
 * only while it leads that mailbox's job, and a mailbox whose node died is taken over on another node's next
 * pass. Inboxes created, edited (a new password, another host) or deleted while the server runs are followed
 * within seconds, without a restart.
 */
export function startImapSupervisor(ctx: ChannelContext, directory: InboxDirectory, intake: EmailIntake): { stop(): Promise<void> } {
  const pollers = new Map<string, { fingerprint: string; poller: ImapPoller }>();
  let stopped = false;
  let pass: Promise<void> = Promise.resolve();

  async function reconcile() {
    const wanted = new Map((await directory.all(true)).filter((i) => i.config.imap).map((i) => [i.id, i]));
    const job = (id: string) => `imap:${id}`;
    for (const [id, running] of pollers) {
      const inbox = wanted.get(id);
      const same = inbox && JSON.stringify([inbox.config.address, inbox.config.imap]) === running.fingerprint;
      if (same && await ctx.lead(job(id))) continue;
      pollers.delete(id);
      await running.poller.stop();
      if (!inbox) await ctx.resign(job(id));
    }
    for (const [id, inbox] of wanted) {
      if (stopped || pollers.has(id) || !(await ctx.lead(job(id)))) continue;
      const poller = new ImapPoller(inbox, ctx, intake);
      pollers.set(id, { fingerprint: JSON.stringify([inbox.config.address, inbox.config.imap]), poller });
      poller.start();
    }
  }

  const tick = () => { pass = pass.then(reconcile).catch((err) => ctx.log.error({ err }, 'IMAP supervisor failed')); };
  tick();
  const timer = setInterval(tick, RECONCILE_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
      await Promise.all([...pollers.values()].map((p) => p.poller.stop()));
      pollers.clear();
    },
  };
}
