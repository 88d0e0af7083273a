import { refuseHost, refuseTarget } from '../../channels/kit/ssrf.js';
import { badRequest } from '../errors.js';

// The URLs an admin may point the server at, checked when they are saved so a private or loopback address is a
// clear 400 naming the field (the connection itself is checked again when it is made: channels/kit/ssrf.ts).
// One rule everywhere: the `allowPrivate` flag beside the URL, or WEBHOOK_ALLOW_PRIVATE=1 for the whole node.

/** A URL called over HTTP, or the bare host of another protocol (an e-mail inbox's IMAP and SMTP servers). */
export type OutboundTarget = { field: string; allowPrivate: boolean } & ({ url: string } | { host: string });

/** Throws a 400 naming the first field whose URL may not be called. */
export async function refuseOutboundTargets(targets: OutboundTarget[]): Promise<void> {
  for (const t of targets) {
    const why = 'url' in t ? await refuseTarget(t.url, t.allowPrivate) : await refuseHost(t.host, t.allowPrivate);
    if (why) throw badRequest(`${t.field} refused: ${why}`, { [t.field]: why });
  }
}

const CHANNEL_URL_FIELDS = ['apiOrigin', 'apiBaseUrl', 'callbackUrl'] as const;

/** An inbox's outbound targets: the channel's API base or callback, its mail servers, and its bot's own LLM endpoint. */
export function inboxOutboundTargets(config: Record<string, unknown>): OutboundTarget[] {
  const targets: OutboundTarget[] = [];
  for (const field of CHANNEL_URL_FIELDS) {
    const url = config[field];
    if (typeof url === 'string') targets.push({ field: `config.${field}`, url, allowPrivate: config.allowPrivate === true });
  }
  for (const block of ['imap', 'smtp'] as const) {
    const server = config[block] as { host?: unknown; allowPrivate?: unknown } | undefined;
    if (typeof server?.host === 'string') targets.push({ field: `config.${block}.host`, host: server.host, allowPrivate: server.allowPrivate === true });
  }
  const llm = (config.bot as { llm?: Record<string, unknown> } | undefined)?.llm;
  if (typeof llm?.baseUrl === 'string') targets.push({ field: 'config.bot.llm.baseUrl', url: llm.baseUrl, allowPrivate: llm.allowPrivate === true });
  return targets;
}
