import { retryLater, type ChannelAdapter, type ChannelContext } from '../types.js';
import { EMAIL_SECRET_FIELDS, emailConfigSchema, type EmailConfig } from './config.js';
import { deliverEmail } from './outbound.js';
import { startEmailService } from './service.js';
import { testEmailConnection } from './test-connection.js';
import { EmailTokens } from './tokens.js';

/**
 * E-mail: inbound through the built-in SMTP receiver and/or IMAP polling, outbound through nodemailer.
 * Threading is by hints (reply token, In-Reply-To/References, then the core's subject fallback). A factory,
 * not a singleton: each server instance gets its own receiver, pollers and signing key.
 */
export function createEmailAdapter(): ChannelAdapter<EmailConfig> {
  let running: { ctx: ChannelContext; tokens: EmailTokens } | null = null;
  return {
    kind: 'email',
    configSchema: emailConfigSchema,
    secretFields: EMAIL_SECRET_FIELDS,
    capabilities: { attachments: true, options: false, typing: false, receipts: false },
    threading: 'hints',
    testConnection: testEmailConnection,
    async startChannel(ctx) {
      const tokens = new EmailTokens(ctx.deriveKey('email'));
      const stop = await startEmailService(ctx, tokens);
      running = { ctx, tokens };
      return async () => {
        running = null;
        await stop();
      };
    },
    async deliver(message, inbox) {
      if (!running) return retryLater('the e-mail channel is not running yet');
      return deliverEmail(message, inbox, running.ctx, running.tokens);
    },
  };
}
