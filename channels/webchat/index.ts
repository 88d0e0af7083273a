import { z } from 'zod';
import { delivered, type ChannelAdapter } from '../types.js';
import { testWebChatConnection } from './test-connection.js';
import { widgetSettingsSchema } from './widget-settings.js';

const configSchema = z.looseObject({
  /** Origins allowed to call the widget API from a browser (CORS); empty = any origin. */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'an origin like https://example.com')).default([]),
  /** HMAC key for verified visitor identity (setUser identifierHash). */
  identitySecret: z.string().min(16).optional(),
  enforceIdentity: z.boolean().default(false),
  /** The widget's look and behaviour (./widget-settings.ts); public, so never a secret here. */
  widget: widgetSettingsSchema.default({}),
});
export type WebChatConfig = z.infer<typeof configSchema>;

/**
 * Web chat: visitors write through the widget's HTTP and socket routes (server/webchat/routes.ts), which
 * call ingest() like any other channel. Replies reach the visitor through the realtime fan-out of the stored
 * message, so delivery itself has nothing left to send.
 */
export const webChatAdapter: ChannelAdapter<WebChatConfig> = {
  kind: 'web',
  configSchema,
  secretFields: ['identitySecret'],
  // An edit of one widget setting (the colour) must not drop the others (greeting, attachments ...).
  settingsGroups: ['widget'],
  capabilities: { attachments: true, options: true, typing: true, receipts: true },
  threading: 'contact',
  testConnection: testWebChatConnection,
  async deliver() {
    return delivered();
  },
};
