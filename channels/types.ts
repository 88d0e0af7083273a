import type { Router } from 'express';
import type { ZodType } from 'zod';

// The seam between the server and every channel. The server knows channels only through ChannelAdapter;
// adapters know the server only through ChannelContext.

export type ChannelKind = 'web' | 'email' | 'sms' | 'telegram' | 'messenger' | 'whatsapp' | 'line' | 'api';

export interface InboxRecord<Config = Record<string, unknown>> {
  id: string;
  name: string;
  channel: ChannelKind;
  config: Config;
  widgetKey: string | null;
  botEnabled: boolean;
  teamId: string | null;
}

export interface InboundAttachment {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface StructuredContent {
  type: 'options' | 'form' | 'email' | 'card';
  [key: string]: unknown;
}

export interface InboundMessage {
  inboxId: string;
  /** The provider's idempotency key: MessageSid, Message-ID, update_id, the widget's clientId ... */
  externalId: string;
  /** Identity on this channel; `address` is what the channel uses to reach the sender again. */
  sender: { address: string; name?: string; email?: string; phone?: string; attributes?: Record<string, unknown> };
  /** Threading hints: References / In-Reply-To, reply token, Slack thread_ts ... */
  threadHint?: string[];
  body: string;
  html?: string;
  subject?: string;
  contentType?: string;
  content?: StructuredContent | Record<string, unknown>;
  attachments?: InboundAttachment[];
  sentAt?: Date;
  /** Auto-replies, bounces and the like: stored as activity on an existing thread, never opening one. */
  activityOnly?: boolean;
  meta?: Record<string, unknown>;
}

export interface OutboundMessage {
  id: string;
  conversationId: string;
  body: string;
  html?: string | null;
  contentType: string;
  content: Record<string, unknown> | null;
  /** `url` is an absolute, unguessable link to the stored file, for providers that fetch media themselves. */
  attachments: { id: string; name: string; contentType: string; size: number; storageKey?: string; url?: string }[];
  attempt: number;
  /** Where to reach the contact on this channel (the identity address). */
  recipient: { address: string; name?: string | null; email?: string | null; phone?: string | null };
  sender: { name: string | null; type: 'agent' | 'bot' | 'system' };
  conversation: { subject: string | null; attributes: Record<string, unknown> };
  /** Provider ids of earlier messages in the thread, oldest first (e-mail References, reply tokens ...). */
  threadExternalIds: string[];
  /** When the contact last wrote in this conversation (reply windows such as Meta's 24 hours); null if never. */
  lastInboundAt?: Date | null;
  meta: Record<string, unknown>;
}

export type Delivery =
  | { kind: 'ok'; externalId?: string; status?: 'sent' | 'delivered'; meta?: Record<string, unknown> }
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'fail'; reason: string };

export const delivered = (externalId?: string, meta?: Record<string, unknown>): Delivery => ({ kind: 'ok', externalId, meta });
export const retryLater = (reason: string, afterMs?: number): Delivery => ({ kind: 'retry', reason, afterMs });
export const failed = (reason: string): Delivery => ({ kind: 'fail', reason });

/**
 * Input at fault, from whichever side noticed (a bad signature in an adapter, a body the core will not store):
 * every edge maps it once to its own refusal (an HTTP 4xx, an SMTP 5xx reply, a skipped IMAP mail), never a retry.
 */
export class ChannelRefusal extends Error {
  constructor(readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429, readonly code: string, message: string) {
    super(message);
  }
}

export interface RefusedAttachment { name: string; reason: string }

export interface IngestResult {
  contactId: string;
  conversationId: string;
  messageId: string;
  created: boolean;
  /** Files the pipeline would not store (type, size): the message was stored without them, with a note. */
  refusedAttachments?: RefusedAttachment[];
}

export interface ChannelContext {
  /** Stores the message (idempotent on externalId); refused attachments are dropped with a note, never the text. */
  ingest(message: InboundMessage): Promise<IngestResult>;
  /** Provider receipts: move an outbound message's status forward (never backwards). */
  updateDeliveryStatus(inboxId: string, externalId: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: string): Promise<void>;
  /** Marks a sender's identity on a channel as opted out (STOP) or back in (START); agents see it. */
  setOptOut(channel: ChannelKind, address: string, optedOut: boolean): Promise<void>;
  findInbox(inboxId: string): Promise<InboxRecord | null>;
  listInboxes(channel: ChannelKind): Promise<InboxRecord[]>;
  publicUrl: string;
  /** Server-wide settings some channels need (the outbound relay, the inbound SMTP port). */
  config: { SMTP_URL?: string; INBOUND_SMTP_PORT?: number };
  /** A key for one purpose (reply tokens, signed ids) derived from the server secret: the same on every node. */
  deriveKey(purpose: string): Buffer;
  /** Small durable state such as poller cursors, kept apart from inbox config so an edit never resets it. */
  state: { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void> };
  /** A stored attachment's bytes, for channels that send files along with a reply. */
  loadAttachment(id: string): Promise<InboundAttachment | null>;
  /**
   * Work only one node of the cluster may do (following a mailbox): true while this node does it. Ask again on
   * every reconcile; when the node doing it dies, the next node to ask takes over. `resign` gives it up.
   */
  lead(job: string): Promise<boolean>;
  resign(job: string): Promise<void>;
  log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

/** One result of a connection test: what was checked, whether it passed, the provider's own words, what to do. */
export interface ConnectionCheck {
  /** What was checked: the provider account ("Twilio"), or one server of the inbox ("IMAP", "SMTP"). */
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
  /** One of several parts of the inbox (its own IMAP and SMTP servers) rather than the inbox as a whole. */
  part?: boolean;
}

/** What a connection test may read: the public address and server-wide mail settings (the CLI has no more). */
export type ConnectionTestContext = Pick<ChannelContext, 'publicUrl' | 'config'>;

export interface ChannelCapabilities {
  attachments: boolean;
  options: boolean;
  typing: boolean;
  receipts: boolean;
  maxLength?: number;
}

export interface ChannelAdapter<Config = any> {
  kind: ChannelKind;
  configSchema: ZodType<Config>;
  /** Config keys holding secrets: encrypted at rest, never sent to the UI. */
  secretFields?: string[];
  /**
   * Config keys holding a group of independent settings: an edit replaces only the settings it sends (one sent
   * as null is cleared) and keeps every other one exactly as stored.
   */
  settingsGroups?: string[];
  capabilities: ChannelCapabilities;
  /**
   * How inbound messages find their conversation after explicit thread hints fail: 'contact' joins the
   * contact's latest unresolved conversation in the inbox (SMS, chat apps); 'hints' opens a new one (e-mail).
   */
  threading: 'contact' | 'hints';
  /** Webhooks: verify -> parse -> ctx.ingest(...). Mounted before the JSON body parser. */
  mount?(router: Router, ctx: ChannelContext): void;
  /** Pollers and listeners for one inbox; returns a stop function. */
  start?(inbox: InboxRecord<Config>, ctx: ChannelContext): Promise<() => Promise<void>>;
  /**
   * Once per server, whatever inboxes exist (a shared SMTP receiver, a supervisor that follows inboxes created
   * later); returns a stop function.
   */
  startChannel?(ctx: ChannelContext): Promise<() => Promise<void>>;
  /** Sends one message; `ctx` is the same channel context `mount` and `start` receive. */
  deliver(message: OutboundMessage, inbox: InboxRecord<Config>, ctx: ChannelContext): Promise<Delivery>;
  /** Points the provider at this inbox's webhook URL, where the provider has an API for it (Telegram's setWebhook). */
  registerWebhook?(inbox: InboxRecord<Config>, url: string): Promise<void>;
  /**
   * Asks the provider, read-only and with a time limit, whether the stored credentials work (Settings' "Test
   * connection" and `switchboard doctor` alike), through the same SSRF guard as delivery.
   */
  testConnection?(inbox: InboxRecord<Config>, ctx: ConnectionTestContext): Promise<ConnectionCheck[]>;
}
