import { createHmac } from 'node:crypto';
import { probeGet, providerCheck, refusedStatus, type Verdict } from '../kit/test-connection.js';
import type { ChannelKind, ConnectionCheck, InboxRecord } from '../types.js';
import { GRAPH_VERSION } from './meta.js';

// One read-only call per platform that only succeeds with the stored token: Telegram's getMe, Graph API's /me
// (a Page token is the Page) or the WhatsApp number, LINE's bot info.

type Config = Record<string, any>;

// Graph API: the same origin and version as the adapters' client (meta.ts), and the appsecret_proof it adds to
// every call, so an app that requires the proof answers the check as it answers them.
const graphUrl = (config: Config, path: string, query: Record<string, string> = {}) => {
  const url = new URL(`${config.apiOrigin ?? 'https://graph.facebook.com'}/v${GRAPH_VERSION}/${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  url.searchParams.set('appsecret_proof', createHmac('sha256', String(config.appSecret ?? '')).update(String(config.accessToken)).digest('hex'));
  return url.toString();
};

/** Graph answers a bad or expired token with an OAuthException (code 190), often as a 400 rather than a 401. */
function graphVerdict(status: number, body: any): Verdict | null {
  const error = body?.error as { message?: string; code?: number } | undefined;
  if (refusedStatus(status) || error?.code === 190) return { good: false, refused: true, detail: `token refused: Graph API answered ${status}: ${error?.message ?? 'invalid token'}` };
  if (status >= 400) return { good: false, detail: `Graph API answered ${status}: ${error?.message ?? 'error'}` };
  return null;
}

const probes: Partial<Record<ChannelKind, { name: string; probe(config: Config): Promise<Verdict> }>> = {
  telegram: {
    name: 'Telegram',
    async probe(config) {
      const base = (config.apiOrigin as string | undefined) ?? 'https://api.telegram.org';
      const { status, body } = await probeGet(`${base}/bot${config.botToken}/getMe`, {}, config.allowPrivate);
      if (body.ok) return { good: true, detail: `bot @${body.result?.username ?? '?'}` };
      const refused = refusedStatus(status) || status === 404;
      return { good: false, refused, detail: `${refused ? 'Telegram refused the bot token: ' : ''}Telegram answered ${status}: ${body.description ?? 'token refused'}` };
    },
  },
  messenger: {
    name: 'Facebook Page',
    async probe(config) {
      // With a Page access token, /me is the Page itself.
      const { status, body } = await probeGet(graphUrl(config, 'me', { access_token: config.accessToken, fields: 'id,name' }), {}, config.allowPrivate);
      const bad = graphVerdict(status, body);
      if (bad) return bad;
      if (String(body.id) !== String(config.pageId)) return { good: false, detail: `the token is for page "${body.name}" (${body.id}), not page ${config.pageId}` };
      return { good: true, detail: `Facebook Page "${body.name}" (${body.id})` };
    },
  },
  whatsapp: {
    name: 'WhatsApp',
    async probe(config) {
      const { status, body } = await probeGet(graphUrl(config, encodeURIComponent(config.phoneNumberId)), { authorization: `Bearer ${config.accessToken}` }, config.allowPrivate);
      const bad = graphVerdict(status, body);
      if (bad) return bad;
      return { good: true, detail: `WhatsApp number ${body.display_phone_number ?? config.phoneNumberId}${body.verified_name ? ` ("${body.verified_name}")` : ''}` };
    },
  },
  line: {
    name: 'LINE',
    async probe(config) {
      const base = (config.apiOrigin as string | undefined) ?? 'https://api.line.me';
      const { status, body } = await probeGet(`${base}/v2/bot/info`, { authorization: `Bearer ${config.accessToken}` }, config.allowPrivate);
      if (status < 300) return { good: true, detail: `LINE bot "${body.displayName ?? '?'}"${body.basicId ? ` (${body.basicId})` : ''}` };
      return { good: false, refused: refusedStatus(status), detail: `${refusedStatus(status) ? 'token refused: ' : ''}LINE answered ${status}: ${body.message ?? 'error'}` };
    },
  },
};

export async function testMessagingConnection(inbox: InboxRecord<Config>): Promise<ConnectionCheck[]> {
  const platform = probes[inbox.channel];
  if (!platform) return [];
  return [await providerCheck(platform.name, inbox.name, () => platform.probe(inbox.config))];
}
