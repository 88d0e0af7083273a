import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { InboundAttachment } from '../../channels/types.js';
import { schema, type Executor } from '../db/client.js';
import type { AttachmentMeta } from './schema.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
// Types a browser can display or download safely; HTML/SVG/JS never (they would run in our origin).
export const ALLOWED_ATTACHMENT_TYPES = /^(image\/(png|jpe?g|gif|webp)|audio\/[\w.+-]+|video\/(mp4|webm|quicktime)|application\/(pdf|zip|json|msword|vnd\.[\w.+-]+)|text\/(plain|csv|calendar|x-vcard|vcard))$/i;

export function checkAttachment(a: { contentType: string; size: number }): string | null {
  if (a.size > MAX_ATTACHMENT_BYTES) return `attachment larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
  if (!ALLOWED_ATTACHMENT_TYPES.test(a.contentType)) return `attachment type ${a.contentType} is not allowed`;
  return null;
}

// Control characters (NUL above all, which PostgreSQL refuses) and path or header syntax never reach a name.
const safeName = (name: string) => name.replace(/[\\/"\u0000-\u001f\u007f]/g, '_').slice(0, 200) || 'file';

export async function storeAttachments(tx: Executor, files: InboundAttachment[]): Promise<AttachmentMeta[]> {
  const metas: AttachmentMeta[] = [];
  for (const f of files) {
    const [row] = await tx.insert(schema.attachmentBlobs).values({
      name: safeName(f.name), contentType: f.contentType.toLowerCase(), size: f.data.length, data: f.data,
    }).returning({ id: schema.attachmentBlobs.id });
    metas.push({ id: row.id, name: safeName(f.name), contentType: f.contentType.toLowerCase(), size: f.data.length });
  }
  return metas;
}

export async function loadAttachment(db: Executor, id: string) {
  const [row] = await db.select().from(schema.attachmentBlobs).where(eq(schema.attachmentBlobs.id, id));
  return row ?? null;
}

/** Capability URLs: unguessable, so an attachment can be shown to the visitor or agent it was sent to. */
export function attachmentSignature(appSecret: string, id: string): string {
  return createHmac('sha256', appSecret).update(`attachment:${id}`).digest('base64url').slice(0, 32);
}

export function verifyAttachmentSignature(appSecret: string, id: string, sig: string): boolean {
  const expected = Buffer.from(attachmentSignature(appSecret, id));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function attachmentUrl(appSecret: string, a: AttachmentMeta): string {
  return `/attachments/${a.id}/${attachmentSignature(appSecret, a.id)}/${encodeURIComponent(a.name)}`;
}
