import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../log.js';
import { EVENTS_CHANNEL } from './append.js';
import { ALL_PARTITIONS, PARTITIONS, partitionOf } from './partitions.js';

export const SETTINGS_CHANNEL = 'switchboard_settings';
export const ACCESS_CHANNEL = 'switchboard_access';
const PARTITION_LOCK_NS = 724_102;
const SINGLETON_LOCK_NS = 724_103;
const APP_NAME = 'switchboard-node';

export interface ClusterHooks {
  /** This node now owns the partition: start reading it. */
  acquired(partition: number): void;
  /** This node is about to give the partition away: resolves once nothing of it is in flight here. */
  releasing(partition: number): Promise<void>;
  /** Events of these types were appended to these partitions, up to `position` (NOTIFY, from any node). */
  appended(events: { partition: number; type: string; position?: number }[]): void;
  /** A setting changed somewhere in the cluster: forget what is cached under this key prefix. */
  settingsChanged(prefix: string): void;
  /** Another node changed what this agent may reach (sign-out, revocation, role, membership). */
  accessChanged(agentId: string): void;
}

/**
 * Who does what in the cluster. On PGlite there is one process: it owns every partition and every singleton,
 * and settings changes are in-process. On a PostgreSQL server each node holds one session of its own on which
 * it takes session advisory locks: one per partition it reads (an even share: ceil(partitions / live nodes))
 * and one per job only one node may do (following an IMAP mailbox). PostgreSQL drops a dead node's locks as soon as its
 * connection closes, so the others take its share on their next rebalance (every `tickMs`). LISTEN/NOTIFY on
 * the same session carries "new events in these partitions", "this setting changed" and "this agent's
 * access changed".
 */
export class Cluster {
  readonly nodeId = randomUUID();
  private hooks?: ClusterHooks;
  private client?: pg.Client;
  private held = new Set<number>();
  private leading = new Set<string>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;

  constructor(private opts: { databaseUrl?: string; log: Logger; tickMs?: number }) {}

  get distributed(): boolean { return Boolean(this.opts.databaseUrl); }

  async start(hooks: ClusterHooks): Promise<void> {
    this.hooks = hooks;
    if (!this.distributed) {
      for (const p of ALL_PARTITIONS) { this.held.add(p); hooks.acquired(p); }
      return;
    }
    await this.connect();
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 2_000);
    this.timer.unref();
  }

  owns(partition: number): boolean { return this.held.has(partition); }

  /** Tells every node (this one included) that settings under this cache prefix changed. */
  settingsChanged(prefix: string): void {
    this.hooks?.settingsChanged(prefix);
    if (this.client) void this.client.query('select pg_notify($1, $2)', [SETTINGS_CHANNEL, prefix]).catch((err) => this.opts.log.warn({ err }, 'settings change not broadcast'));
  }

  /**
   * Tells every other node that this agent's access changed (the caller has handled this node already). A
   * notification this node sent comes back to it too; the sender's id in the payload lets it skip its own.
   */
  accessChanged(agentId: string): Promise<void> {
    if (!this.client) return Promise.resolve();
    return this.client.query('select pg_notify($1, $2)', [ACCESS_CHANNEL, `${this.nodeId}:${agentId}`]).then(() => undefined);
  }

  /**
   * Whether this node is (or has now become) the one that does `job`, e.g. `imap:<inbox id>`. Callers ask again
   * on their own schedule: a node that died frees its jobs, and the next node to ask takes them over.
   */
  async lead(job: string): Promise<boolean> {
    if (!this.distributed || this.leading.has(job)) return Boolean(this.client) || !this.distributed;
    if (!this.client) return false;
    const { rows: [r] } = await this.client.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [SINGLETON_LOCK_NS, job]);
    if (r.ok) this.leading.add(job);
    return r.ok;
  }

  /** Gives the job up (the inbox was deleted or lost its settings). */
  async resign(job: string): Promise<void> {
    if (!this.leading.delete(job) || !this.client) return;
    await this.client.query('select pg_advisory_unlock($1, hashtext($2))', [SINGLETON_LOCK_NS, job]).catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const p of [...this.held]) await this.hooks?.releasing(p);
    this.held.clear();
    this.leading.clear();
    await this.client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: `${APP_NAME}:${this.nodeId}` });
    client.on('error', (err) => this.opts.log.warn({ err }, 'cluster session failed'));
    client.on('end', () => void this.lost(client));
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL && n.payload) {
        this.hooks?.appended(n.payload.split(',').map((pt) => {
          const [p, type, position] = pt.split(':');
          return { partition: Number(p), type, position: position ? Number(position) : undefined };
        }));
      }
      if (n.channel === SETTINGS_CHANNEL && n.payload) this.hooks?.settingsChanged(n.payload);
      if (n.channel === ACCESS_CHANNEL && n.payload) {
        const [from, agentId] = n.payload.split(':');
        if (from !== this.nodeId && agentId) this.hooks?.accessChanged(agentId);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${SETTINGS_CHANNEL}`);
    await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    this.client = client;
  }

  /** The session is gone, and with it every lock: stop all work at once, then come back as a fresh member. */
  private async lost(client: pg.Client): Promise<void> {
    if (this.client !== client) return;
    this.client = undefined;
    this.leading.clear(); // those who ask next time hear "no" until a fresh session wins the lock again
    for (const p of [...this.held]) { this.held.delete(p); await this.hooks?.releasing(p); }
    if (this.stopped) return;
    this.opts.log.warn('cluster session lost; rejoining');
    setTimeout(() => void this.connect().catch((err) => this.opts.log.error({ err }, 'cluster session not restored')), 1_000).unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped || !this.client) return;
    this.ticking = true;
    const client = this.client;
    try {
      const { rows } = await client.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like $1", [`${APP_NAME}:%`]);
      const share = Math.ceil(PARTITIONS / Math.max(1, rows[0].n));
      // Too many: hand the surplus back (after its in-flight work finished here).
      for (const p of [...this.held].sort((a, b) => b - a).slice(0, Math.max(0, this.held.size - share))) {
        this.held.delete(p);
        await this.hooks?.releasing(p);
        await client.query('select pg_advisory_unlock($1, $2)', [PARTITION_LOCK_NS, p]);
      }
      // Too few: take free partitions, starting at a point of our own so nodes do not all race for the same.
      const offset = partitionOf(this.nodeId);
      for (let i = 0; i < PARTITIONS && this.held.size < share; i++) {
        const p = (offset + i) % PARTITIONS;
        if (this.held.has(p)) continue;
        const { rows: [r] } = await client.query('select pg_try_advisory_lock($1, $2) as ok', [PARTITION_LOCK_NS, p]);
        if (r.ok) { this.held.add(p); this.hooks?.acquired(p); }
      }
    } catch (err) {
      this.opts.log.warn({ err }, 'cluster rebalance failed');
    } finally {
      this.ticking = false;
    }
  }
}
