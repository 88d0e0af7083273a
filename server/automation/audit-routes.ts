import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { listAudit } from './audit.js';
import { eraseContact, exportContact } from './gdpr.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseQuery, uuidParam } from '../http/validate.js';

export const auditQuery = z.object({
  action: z.string().max(200).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** The audit log and the GDPR export/erasure of a contact (admins only). */
export function auditRoutes(ctx: AppContext): Router {
  const r = Router();
  const admin = [requireAgent(ctx), requireAdmin];
  const contactId = (v: unknown) => { const s = String(v); if (!uuidParam.test(s)) throw notFound('Contact'); return s; };
  r.get('/audit', ...admin, async (req, res) => { res.json({ items: await listAudit(ctx, parseQuery(auditQuery, req)) }); });
  r.get('/gdpr/contacts/:id/export', ...admin, async (req, res) => {
    const id = contactId(req.params.id);
    const data = await exportContact(ctx, id);
    res.setHeader('Content-Disposition', `attachment; filename="contact-${id}.json"`);
    res.json(data);
  });
  r.delete('/gdpr/contacts/:id', ...admin, async (req, res) => {
    res.json({ erased: true, ...(await eraseContact(ctx, contactId(req.params.id), { id: req.agent!.id, email: req.agent!.email })) });
  });
  return r;
}
