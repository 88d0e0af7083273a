import { publicLink, publicUrlProblem, publicUrlProblemMessage, type PublicUrlProblem } from '../config.js';
import type { AppContext } from '../context.js';
import { findInbox } from '../inboxes/inboxes.js';
import { notFound } from '../errors.js';

/** One thing to paste somewhere: `key` names it (the UI says where it goes); `value` null means "the secret you saved". */
export interface GuideItem { key: string; value: string | null }

export interface ChannelGuide {
  inboxId: string;
  channel: string;
  publicUrl: { url: string; problem: PublicUrlProblem | null; message: string | null };
  items: GuideItem[];
  /** The provider can be pointed at the webhook from here (Telegram's setWebhook). */
  canRegisterWebhook: boolean;
}

const server = (s: { host: string; port: number; secure?: boolean; user?: string } | undefined) =>
  s ? `${s.host}:${s.port}${s.secure ? ' (TLS)' : ''}${s.user ? `, ${s.user}` : ''}` : null;

/**
 * What an admin pastes where to connect this inbox, built from the same PUBLIC_URL and routes the server answers
 * on, so a copied URL is the one that works. Secrets the admin saved are named, never sent back.
 */
export async function channelGuide(ctx: AppContext, inboxId: string): Promise<ChannelGuide> {
  const inbox = await findInbox(ctx, inboxId);
  if (!inbox) throw notFound('Inbox');
  const link = (path: string) => publicLink(ctx.config, path);
  const config = inbox.config as Record<string, any>;
  const items: GuideItem[] = [];
  switch (inbox.channel) {
    case 'web':
      items.push({ key: 'snippet', value: `<script async src="${link('/widget.js')}" data-widget-key="${inbox.widgetKey}"></script>` });
      items.push({ key: 'widgetKey', value: inbox.widgetKey });
      break;
    case 'email': {
      items.push({ key: 'forwardTo', value: config.address });
      const port = ctx.config.INBOUND_SMTP_PORT;
      if (port) items.push({ key: 'inboundSmtp', value: `${new URL(ctx.config.publicUrl).hostname}:${port}` });
      const imap = server(config.imap);
      const smtp = server(config.smtp);
      if (imap) items.push({ key: 'imap', value: imap });
      items.push({ key: 'smtp', value: smtp ?? 'SMTP_URL' });
      break;
    }
    case 'sms':
      items.push({ key: 'twilioIncoming', value: link(`/webhooks/twilio/${inbox.id}/sms`) });
      items.push({ key: 'twilioStatus', value: link(`/webhooks/twilio/${inbox.id}/status`) });
      break;
    case 'telegram':
      items.push({ key: 'webhookUrl', value: link(`/webhooks/telegram/${inbox.id}`) });
      items.push({ key: 'secretToken', value: null });
      break;
    case 'messenger':
    case 'whatsapp':
      items.push({ key: 'callbackUrl', value: link(`/webhooks/${inbox.channel}/${inbox.id}`) });
      items.push({ key: 'verifyToken', value: null });
      break;
    case 'line':
      items.push({ key: 'webhookUrl', value: link(`/webhooks/line/${inbox.id}`) });
      break;
    default:
      break;
  }
  const problem = publicUrlProblem(ctx.config);
  return {
    inboxId: inbox.id,
    channel: inbox.channel,
    publicUrl: { url: ctx.config.publicUrl, problem, message: problem ? publicUrlProblemMessage(problem, ctx.config.publicUrl) : null },
    items,
    canRegisterWebhook: Boolean(ctx.adapters.get(inbox.channel)?.registerWebhook),
  };
}
