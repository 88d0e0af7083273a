import { guardAxios } from '../kit/ssrf-agents.js';
import type { MessagingPlatform } from './platform.js';
import { loadBottender } from './sdk.js';
import { hmacSha256, headerValue, safeEqual } from './signatures.js';

// What Messenger and WhatsApp Cloud API share: both are Meta Graph API apps.

export const GRAPH_VERSION = '19.0';
export const META_MEDIA_HOSTS = ['graph.facebook.com', 'fbcdn.net', 'fbsbx.com', 'facebook.com', 'whatsapp.net'];
/** Meta lets a business answer freely for 24 hours after the customer's last message; after that only templates. */
export const META_REPLY_WINDOW_MS = 24 * 3_600_000;

export interface MetaAppConfig { accessToken: string; appSecret: string; verifyToken: string; apiOrigin?: string; allowPrivate?: boolean }

/** X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret. */
export const verifyMetaSignature: MessagingPlatform<MetaAppConfig>['verify'] = (req, config) => {
  const given = headerValue(req.headers['x-hub-signature-256']);
  return given.startsWith('sha256=') && safeEqual(given.slice(7), hmacSha256(config.appSecret, req.rawBody, 'hex'));
};

/** The GET handshake Meta makes when the webhook is configured: echo hub.challenge if the verify token matches. */
export const metaHandshake: NonNullable<MessagingPlatform<MetaAppConfig>['handshake']> = (query, config) => {
  const token = typeof query['hub.verify_token'] === 'string' ? query['hub.verify_token'] : '';
  if (query['hub.mode'] !== 'subscribe' || !safeEqual(token, config.verifyToken)) return null;
  return String(query['hub.challenge'] ?? '');
};

/** The Graph API client; appsecret_proof is added to every call because the app secret is known. */
export const graphClient = async (config: MetaAppConfig) => {
  const client = new (await loadBottender()).MessengerClient({ accessToken: config.accessToken, appSecret: config.appSecret, origin: config.apiOrigin, version: GRAPH_VERSION });
  guardAxios(client.axios, Boolean(config.allowPrivate));
  return client;
};
