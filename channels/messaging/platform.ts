import type { IncomingHttpHeaders } from 'node:http';
import type { ZodType } from 'zod';
import type { ChannelCapabilities, ChannelKind, InboundMessage } from '../types.js';

/**
 * What differs between Telegram, Messenger, WhatsApp and LINE. Everything else (routes, media download,
 * ingest, receipts, reply window, error handling) lives once in adapter.ts.
 */
export interface MessagingPlatform<Config extends PlatformConfig> {
  kind: ChannelKind;
  /** Human name used in error messages agents read ("Telegram refused the message: ..."). */
  label: string;
  configSchema: ZodType<Config>;
  secretFields: string[];
  capabilities: ChannelCapabilities;
  /** Checks the provider's signature or secret header over the raw body. */
  verify(request: WebhookRequest, config: Config): boolean;
  /** GET subscription handshake (Meta's hub.challenge): the text to echo back, or null to refuse. */
  handshake?(query: Record<string, unknown>, config: Config): string | null;
  parse(body: any, config: Config): ParsedWebhook | Promise<ParsedWebhook>;
  /** Host names (and their subdomains, HTTPS only) media may be downloaded from, besides the inbox's apiOrigin. */
  mediaHosts: string[];
  /** Providers that only allow free-form replies for a while after the customer last wrote (Meta: 24 h). */
  replyWindowMs?: number;
  /** How many quick-reply choices the platform renders natively; more degrade to a numbered list. */
  maxChoices: number;
  send(message: OutgoingParts, config: Config): Promise<string | undefined>;
  /** The provider's own "send updates to this URL" call, where it has one. */
  registerWebhook?(config: Config, url: string): Promise<void>;
}

export interface PlatformConfig { apiOrigin?: string; allowPrivate?: boolean }

export interface WebhookRequest { rawBody: Buffer; headers: IncomingHttpHeaders }

/** Where a piece of inbound media can be downloaded; resolved lazily because some platforms need an API call. */
export interface MediaRef {
  kind: 'image' | 'video' | 'audio' | 'file';
  name?: string;
  contentType?: string;
  locate(): Promise<{ url: string; headers?: Record<string, string> }>;
}

export interface ParsedMessage {
  externalId: string;
  sender: InboundMessage['sender'];
  body: string;
  sentAt?: Date;
  threadHint?: string[];
  media?: MediaRef[];
  meta?: Record<string, unknown>;
}

export interface ParsedReceipt { externalId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error?: string }

export interface ParsedWebhook { messages: ParsedMessage[]; receipts: ParsedReceipt[] }

export interface OutgoingParts {
  /** The platform address of the contact (chat id, PSID, wa_id, LINE user id). */
  to: string;
  text: string;
  media: { url: string; name: string; contentType: string; kind: 'image' | 'file' }[];
  /** Quick replies, already cut to the platform's maximum. */
  choices: { label: string; value: string }[];
  /** Stable per outbound message, for providers that de-duplicate retried sends (LINE's X-Line-Retry-Key). */
  idempotencyKey: string;
}
