import { createInterface } from 'node:readline';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { exportFilter } from '../list-query.js';
import { exportChunks, findExport, startExport } from './export-job.js';
import { importConversations, type ImportLineReport } from './import-lines.js';
import { isUuid } from '../../shared/ids.js';
import { requireAdmin, requireAgent } from '../../http/auth.js';
import { DomainError, notFound } from '../../errors.js';
import { parseQuery } from '../../http/validate.js';

export const exportQuery = exportFilter.extend({ format: z.enum(['csv', 'jsonl']) });
export const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional(),
  inboxId: z.string().uuid().optional(),
  allowPrivateUrls: z.enum(['true', 'false']).optional(),
});

function exportView(row: NonNullable<Awaited<ReturnType<typeof findExport>>>) {
  return {
    id: row.id, format: row.format, status: row.status, filters: row.filters, total: row.total, processed: row.processed, bytes: row.bytes,
    error: row.error, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null,
    statusUrl: `/api/conversations/exports/${row.id}`, downloadUrl: row.status === 'done' ? `/api/conversations/exports/${row.id}/download` : null,
  };
}

/** Export (background job, then download) and import of conversations in the transfer format. */
export function conversationTransferRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(['/export', '/exports', '/import'], requireAgent(ctx));

  r.get('/export', async (req, res) => {
    const { format, ...filter } = parseQuery(exportQuery, req);
    res.status(202).json(exportView(await startExport(ctx, req.agent!.id, format, filter)));
  });

  const mine = async (req: any) => {
    const row = isUuid(req.params.id) ? await findExport(ctx, req.agent!.id, req.params.id) : null;
    if (!row) throw notFound('Export');
    return row;
  };
  r.get('/exports/:id', async (req, res) => { res.json(exportView(await mine(req))); });

  r.get('/exports/:id/download', async (req, res: Response) => {
    const row = await mine(req);
    if (row.status !== 'done') throw new DomainError('conflict', 'not_ready', `The export is ${row.status}; download it when its status is done`);
    const stamp = row.createdAt.toISOString().slice(0, 10);
    res.setHeader('Content-Type', row.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="conversations-${stamp}.${row.format}"`);
    res.setHeader('Content-Length', String(row.bytes));
    for await (const chunk of exportChunks(ctx, row.id)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });

  r.post('/import', requireAdmin, async (req, res) => {
    const q = parseQuery(importQuery, req);
    if (req.is('application/json')) throw new DomainError('unsupported_type', 'unsupported_type', 'Send JSON Lines as application/x-ndjson (one conversation per line)');
    const lines = createInterface({ input: req, crlfDelay: Infinity });
    const report: ImportLineReport[] = [];
    for await (const line of importConversations(ctx, lines, { dryRun: q.dryRun === 'true', inboxId: q.inboxId, allowPrivateUrls: q.allowPrivateUrls === 'true' })) {
      report.push(line);
    }
    const count = (s: ImportLineReport['status']) => report.filter((l) => l.status === s).length;
    res.json({
      dryRun: q.dryRun === 'true',
      summary: { lines: report.length, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), errors: count('error') },
      lines: report,
    });
  });
  return r;
}
