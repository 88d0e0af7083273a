import { Router } from 'express';
import type { AppContext } from '../context.js';
import { loadAttachment, verifyAttachmentSignature } from './attachments.js';
import { notFound } from '../errors.js';
import { uuidParam } from '../http/validate.js';

const INLINE_TYPES = /^(image\/(png|jpe?g|gif|webp)|application\/pdf|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

/** Attachment downloads by capability URL (see messages/attachments.ts). */
export function attachmentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/:id/:sig{/:name}', async (req, res) => {
    const { id, sig } = req.params as Record<string, string>;
    if (!uuidParam.test(id) || !verifyAttachmentSignature(ctx.appSecret, id, sig)) throw notFound('Attachment');
    const file = await loadAttachment(ctx.db, id);
    if (!file) throw notFound('Attachment');
    // Shown in the browser only when the whole type (parameters aside) is one that cannot run script.
    const inline = INLINE_TYPES.test(file.contentType.split(';')[0].trim());
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.end(file.data);
  });
  return r;
}
