import { z } from 'zod';
import { fetchPublic, refuseTarget, TargetRefused } from '../kit/ssrf.js';
import { signedHeaders } from '../kit/signing.js';
import { delivered, failed, retryLater, type ChannelAdapter } from '../types.js';

const configSchema = z.looseObject({
  /** Where agent replies are POSTed (signed like outbound webhooks); without it, integrations poll the API. */
  callbackUrl: z.url().optional(),
  callbackSecret: z.string().min(16).optional(),
  /** Admin opt-in for an integration running on a private network. */
  allowPrivate: z.boolean().default(false),
});
export type ApiChannelConfig = z.infer<typeof configSchema>;

/**
 * The API channel: an inbox fed entirely by a custom integration. Customer messages arrive through
 * POST /api/inboxes/:id/api-messages (server/automation/api-channel-routes.ts, through the ingest pipeline);
 * replies go to the integration's callback URL, signed with its secret.
 */
export const apiChannelAdapter: ChannelAdapter<ApiChannelConfig> = {
  kind: 'api',
  configSchema,
  secretFields: ['callbackSecret'],
  capabilities: { attachments: false, options: false, typing: false, receipts: false },
  threading: 'contact',
  async deliver(message, inbox) {
    const { callbackUrl, callbackSecret, allowPrivate } = inbox.config;
    if (!callbackUrl) return delivered();
    const refused = await refuseTarget(callbackUrl, allowPrivate);
    if (refused) return failed(`callback refused: ${refused}`);
    const body = JSON.stringify({
      event: 'message.outgoing', conversationId: message.conversationId, recipient: message.recipient.address,
      message: { id: message.id, body: message.body, contentType: message.contentType, content: message.content, sender: message.sender },
    });
    try {
      const res = await fetchPublic(callbackUrl, {
        method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(10_000),
        headers: { 'content-type': 'application/json', ...(callbackSecret ? signedHeaders(callbackSecret, body) : {}) },
        body,
      }, allowPrivate);
      if (res.ok) return delivered();
      if (res.status >= 500 || res.status === 429) return retryLater(`callback answered ${res.status}`);
      return failed(`callback answered ${res.status}`);
    } catch (err) {
      if (err instanceof TargetRefused) return failed(`callback refused: ${err.message}`);
      return retryLater(err instanceof Error ? err.message : String(err));
    }
  },
};
