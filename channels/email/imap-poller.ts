import type { ImapFlow, MailboxObject } from 'imapflow';
import { pinnedHost } from '../kit/ssrf.js';
import { ChannelRefusal, type ChannelContext } from '../types.js';
import { MAX_MESSAGE_BYTES, type EmailInbox } from './config.js';
import type { EmailIntake } from './inbound.js';
import { parseMail } from './parse.js';

/** Where the poller stopped, per inbox: kept in channel state so a restart catches up instead of re-reading. */
interface Cursor { account: string; uidValidity: string; lastUid: number }

// IDLE pushes new mail at once; the timer is the safety net for servers and NATs that drop IDLE silently.
const POLL_INTERVAL_MS = 60_000;
// A command that hangs longer than this means a dead connection: drop it and reconnect.
const SYNC_DEADLINE_MS = 120_000;
// Mail older than this is not imported when a mailbox is connected for the first time (or re-created).
const FIRST_SYNC_DAYS = 3;
const MAX_BACKOFF_MS = 5 * 60_000;

const backoffMs = (failures: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1)) * (0.75 + Math.random() / 2);

function deadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { onTimeout(); reject(new Error(`IMAP command took longer than ${ms / 1000} s`)); }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One IMAP mailbox followed for one inbox: connect, catch up on everything after the stored UID, then wait for
 * IDLE news or the poll timer. Any failure closes the connection and reconnects with exponential backoff; the
 * cursor advances only after a mail is stored, and the core's Message-ID idempotency absorbs any overlap.
 */
export class ImapPoller {
  private stopped = false;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly inbox: EmailInbox, private readonly ctx: ChannelContext, private readonly intake: EmailIntake) {}

  private get stateKey() { return `email:imap:${this.inbox.id}`; }

  start(): void {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.client?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.session(() => { failures = 0; });
      } catch (err) {
        if (!this.stopped) this.ctx.log.warn({ err, inboxId: this.inbox.id }, 'IMAP connection failed; reconnecting');
      }
      if (this.stopped) break;
      failures += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffMs(failures));
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  private async session(onConnected: () => void): Promise<void> {
    const imap = this.inbox.config.imap!;
    // Connect to the address the SSRF guard checked, keeping the name for TLS (SNI and the certificate check).
    const { address, servername } = await pinnedHost(imap.host, imap.allowPrivate === true);
    if (this.stopped) return;
    // Loaded here, not at start-up: most nodes follow no mailbox, and imapflow takes a while to load.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: address, servername, port: imap.port, secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      logger: false, connectionTimeout: 30_000, greetingTimeout: 15_000, socketTimeout: 5 * 60_000, maxIdleTime: 5 * 60_000,
    });
    this.client = client;
    client.on('error', (err: Error) => this.ctx.log.warn({ err, inboxId: this.inbox.id }, 'IMAP error'));
    // New mail seen while a sync runs must not be lost: the flag makes the next wait return at once.
    let news = false;
    let signal: () => void = () => {};
    client.on('exists', () => { news = true; signal(); });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    try {
      await client.connect();
      onConnected();
      while (!this.stopped && client.usable) {
        news = false;
        // The mailbox lock is held for the sync only: imapflow does not IDLE while a lock is held, and
        // without IDLE the server never tells us about new mail until the poll timer fires.
        const lock = await client.getMailboxLock(imap.mailbox);
        try {
          await deadline(this.sync(client), SYNC_DEADLINE_MS, () => client.close());
        } finally {
          lock.release();
        }
        if (news || this.stopped) continue;
        void client.idle().catch(() => { /* a broken connection ends the session through 'close' */ });
        await Promise.race([closed, new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_INTERVAL_MS);
          signal = this.wake = () => { clearTimeout(timer); resolve(); };
        })]);
        signal = () => {};
      }
    } finally {
      this.client = null;
      client.close();
    }
  }

  private async sync(client: ImapFlow): Promise<void> {
    const imap = this.inbox.config.imap!;
    const mailbox = client.mailbox as MailboxObject;
    const account = `${imap.user}@${imap.host}:${imap.port}/${imap.mailbox}`;
    const uidValidity = String(mailbox.uidValidity);
    const existing = Number(mailbox.uidNext ?? 1) - 1; // read before searching: later mail is above it
    const saved = await this.ctx.state.get(this.stateKey);
    const previous = saved ? (JSON.parse(saved) as Cursor) : null;
    const firstSync = !previous || previous.account !== account || previous.uidValidity !== uidValidity;
    const cursor: Cursor = firstSync ? { account, uidValidity, lastUid: 0 } : previous;
    const found = firstSync
      // New mailbox, another account, or UIDs reset by the server: recent mail only, UIDs start over.
      ? await client.search({ since: new Date(Date.now() - FIRST_SYNC_DAYS * 86_400_000) }, { uid: true })
      // "n:*" always includes the newest message, even when its UID is below n: filtered out below.
      : await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
    const after = cursor.lastUid;
    for (const uid of (found || []).filter((u) => u > after).sort((a, b) => a - b)) {
      if (this.stopped) return;
      await this.importOne(client, uid);
      cursor.lastUid = uid;
      await this.ctx.state.set(this.stateKey, JSON.stringify(cursor));
    }
    if (firstSync) {
      // Everything that existed when the mailbox was opened has been considered; older mail stays behind.
      cursor.lastUid = Math.max(cursor.lastUid, existing);
      await this.ctx.state.set(this.stateKey, JSON.stringify(cursor));
    }
  }

  private async importOne(client: ImapFlow, uid: number): Promise<void> {
    const head = await client.fetchOne(String(uid), { size: true, headers: true }, { uid: true });
    if (!head) return; // expunged meanwhile
    let raw: Buffer;
    if ((head.size ?? 0) > MAX_MESSAGE_BYTES) {
      // Too large to store: keep its headers so the agent sees who wrote and in which thread.
      const note = `This e-mail (${Math.round((head.size ?? 0) / 1024 / 1024)} MB) is over the ${MAX_MESSAGE_BYTES / 1024 / 1024} MB limit and was not imported; open it in the mailbox.`;
      raw = Buffer.concat([head.headers ?? Buffer.alloc(0), Buffer.from(`\r\n${note}\r\n`)]);
    } else {
      const full = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!full || !full.source) return;
      raw = full.source;
    }
    const mail = await parseMail(raw);
    try {
      await this.intake.accept(mail, this.inbox, { via: 'imap' });
    } catch (err) {
      // Input the core refuses will be refused again: skip it rather than block the mailbox behind it.
      if (!(err instanceof ChannelRefusal)) throw err;
      this.ctx.log.warn({ err, inboxId: this.inbox.id, uid }, 'IMAP mail refused by the core; skipped');
    }
  }
}
