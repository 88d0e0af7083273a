import type { Response as FetchResponse } from 'undici';
import { fetchPublic } from '../kit/ssrf.js';
import type { InboundAttachment } from '../types.js';
import type { MediaRef } from './platform.js';

const MAX_MEDIA_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 15_000;

/** Media is only ever fetched from the platform itself: a webhook must not make us fetch arbitrary URLs. */
export class MediaRefused extends Error {}

export interface MediaPolicy { label: string; hosts: string[]; apiOrigin?: string; allowPrivate?: boolean }

export function isPlatformUrl(url: URL, policy: MediaPolicy): boolean {
  if (policy.apiOrigin && url.origin === new URL(policy.apiOrigin).origin) return true;
  return url.protocol === 'https:' && policy.hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'video/mp4': 'mp4', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'application/pdf': 'pdf' };

/** Downloads one piece of media, re-checking the host on every redirect and capping the size. */
export async function downloadMedia(ref: MediaRef, policy: MediaPolicy): Promise<InboundAttachment> {
  let { url, headers } = await ref.locate();
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = new URL(url);
    if (!isPlatformUrl(target, policy)) throw new MediaRefused(`${target.host} is not a ${policy.label} host`);
    const res = await fetchPublic(target.href, { headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) }, Boolean(policy.allowPrivate));
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, target);
      // Credentials stay with the origin they were issued for.
      if (next.origin !== target.origin) headers = undefined;
      url = next.toString();
      await res.body?.cancel();
      continue;
    }
    if (!res.ok) throw new Error(`${policy.label} answered ${res.status}`);
    const data = await readCapped(res);
    const contentType = (res.headers.get('content-type') ?? ref.contentType ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
    const name = ref.name ?? `${ref.kind}.${EXTENSIONS[contentType] ?? 'bin'}`;
    return { name, contentType, data };
  }
  throw new Error('too many redirects');
}

async function readCapped(res: FetchResponse): Promise<Buffer> {
  if (Number(res.headers.get('content-length') ?? 0) > MAX_MEDIA_BYTES) throw new MediaRefused('file larger than 20 MB');
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.length;
    if (size > MAX_MEDIA_BYTES) {
      await reader!.cancel();
      throw new MediaRefused('file larger than 20 MB');
    }
    chunks.push(Buffer.from(chunk.value));
  }
  return Buffer.concat(chunks);
}
