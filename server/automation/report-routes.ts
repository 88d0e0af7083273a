import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { rebuildReports } from './report-store.js';
import { GROUPS, reportCsv, runReport } from './reports.js';
import { agentInboxIds, requireAdmin, requireAgent } from '../http/auth.js';
import { badRequest } from '../errors.js';
import { parseQuery } from '../http/validate.js';

const DAY = 86_400_000;
export const reportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  groupBy: z.enum(GROUPS).default('none'),
  businessHours: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  inboxId: z.string().uuid().optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Reports over the agent's inboxes: JSON for the charts, CSV for spreadsheets. Default range: last 30 days. */
export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  r.get('/reports', agent, async (req, res) => {
    const q = parseQuery(reportQuery, req);
    const to = q.to ? new Date(q.to) : ctx.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw badRequest('from must be before to', { from: 'must be before to' });
    if (to.getTime() - from.getTime() > 800 * DAY) throw badRequest('Range longer than 800 days', { from: 'range too long' });
    let inboxIds = await agentInboxIds(ctx, req);
    if (q.inboxId) inboxIds = inboxIds.filter((id) => id === q.inboxId);
    const rows = await runReport(ctx, { from, to, groupBy: q.groupBy, businessHours: q.businessHours, inboxIds });
    if (q.format === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="report-${q.groupBy}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`);
      return void res.type('text/csv').send(reportCsv(rows));
    }
    res.json({ from: from.toISOString(), to: to.toISOString(), groupBy: q.groupBy, businessHours: q.businessHours, rows });
  });
  r.post('/reports/rebuild', agent, requireAdmin, async (_req, res) => { res.json(await rebuildReports(ctx)); });
  return r;
}
