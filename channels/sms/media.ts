import type { Response as FetchResponse } from 'undici';
import { fetchPublic } from '../kit/ssrf.js';
import type { InboundAttachment } from '../types.js';

/** Twilio's own hosts for MMS media: the API (which redirects) and its CDN. Nothing else is ever fetched. */
const TWILIO_MEDIA_HOSTS = [/^api\.twilio\.com$/i, /^([a-z0-9-]+\.)*twiliocdn\.com$/i];
/** Twilio caps an MMS at 5 MB in total; one part can never legitimately be larger. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface MediaSource {
  accountSid: string;
  authToken: string;
  /**
   * The inbox's configured API origin (a regional endpoint, a proxy or a test stand-in): trusted like Twilio's
   * own hosts because an admin set it, and the only origin allowed over plain HTTP.
   */
  configuredOrigin?: string;
  /** The inbox's allowPrivate: without it every connection goes through the SSRF guard. */
  allowPrivate?: boolean;
  timeoutMs?: number;
}

export class MediaRefused extends Error {}

/** Refuses anything but HTTPS to a Twilio media host, or the inbox's configured origin (SSRF guard). */
export function checkMediaUrl(raw: string, source: Pick<MediaSource, 'configuredOrigin'>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaRefused('not a URL');
  }
  if (url.username || url.password) throw new MediaRefused('credentials in the URL');
  if (source.configuredOrigin && url.origin === source.configuredOrigin) return url;
  if (url.protocol !== 'https:') throw new MediaRefused(`${url.protocol} is not HTTPS`);
  if (url.port && url.port !== '443') throw new MediaRefused(`port ${url.port} is not allowed`);
  if (!TWILIO_MEDIA_HOSTS.some((h) => h.test(url.hostname))) throw new MediaRefused(`${url.hostname} is not a Twilio media host`);
  return url;
}

/**
 * Downloads one MMS part. The account credentials go only to the API host (Twilio's "HTTP Basic Auth for
 * media" setting); the redirect it answers with points at a pre-signed CDN URL, which is re-checked, fetched
 * without credentials, and read only up to the size cap.
 */
export async function fetchTwilioMedia(rawUrl: string, contentTypeHint: string | undefined, name: string, source: MediaSource): Promise<InboundAttachment> {
  const signal = AbortSignal.timeout(source.timeoutMs ?? 10_000);
  let url = checkMediaUrl(rawUrl, source);
  for (let hop = 0; ; hop++) {
    const withAuth = url.hostname.toLowerCase() === 'api.twilio.com' || url.origin === source.configuredOrigin;
    const res = await fetchPublic(url.href, {
      redirect: 'manual',
      signal,
      headers: withAuth ? { authorization: `Basic ${Buffer.from(`${source.accountSid}:${source.authToken}`).toString('base64')}` } : {},
    }, Boolean(source.allowPrivate));
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new MediaRefused('too many redirects');
      url = checkMediaUrl(new URL(res.headers.get('location')!, url).href, source);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`media fetch answered HTTP ${res.status}`);
    }
    const data = await readCapped(res, MAX_MEDIA_BYTES);
    const contentType = (contentTypeHint || res.headers.get('content-type') || 'application/octet-stream').split(';')[0].trim().toLowerCase();
    return { name: `${name}${extensionFor(contentType)}`, contentType, data };
  }
}

async function readCapped(res: FetchResponse, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > max) {
    await res.body?.cancel();
    throw new MediaRefused(`larger than ${max / 1024 / 1024} MB`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let part = await reader?.read(); reader && part && !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > max) {
      await reader.cancel();
      throw new MediaRefused(`larger than ${max / 1024 / 1024} MB`);
    }
    chunks.push(Buffer.from(part.value));
  }
  return Buffer.concat(chunks);
}

function extensionFor(contentType: string): string {
  const sub = contentType.split('/')[1]?.replace(/^x-/, '').replace(/[^a-z0-9]/g, '') ?? '';
  return sub === 'jpeg' ? '.jpg' : sub ? `.${sub.slice(0, 10)}` : '';
}
