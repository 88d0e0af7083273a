import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  articleInputSchema, articlePatchSchema, createArticles, deleteArticle, getArticle, listArticles, serializeArticle, updateArticle,
} from './kb/articles.js';
import { parseImport } from './kb/import.js';
import { decide } from './kb/decision.js';
import { searchArticles } from './kb/search.js';
import { botSettingsSchema } from './settings.js';
import { createSynonym, deleteSynonym, listSynonyms, serializeSynonym, synonymInputSchema, updateSynonym } from './kb/synonyms.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, parseQuery } from '../http/validate.js';

const listQuery = z.object({
  locale: z.string().max(20).optional(), tag: z.string().max(60).optional(), q: z.string().max(200).optional(),
  cursor: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(200).optional(),
});
const defaultKb = botSettingsSchema.shape.kb.parse(undefined);

/** Knowledge base: agents read, admins write; /search shows how the bot would rank a question. */
export function kbRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));

  r.get('/articles', async (req, res) => {
    res.json(await listArticles(ctx, parseQuery(listQuery, req)));
  });

  r.post('/articles', requireAdmin, async (req, res) => {
    const [row] = await createArticles(ctx, [parseBody(articleInputSchema, req)]);
    res.status(201).json(serializeArticle(row));
  });

  r.get('/articles/:id', async (req, res) => {
    const row = await getArticle(ctx, String(req.params.id));
    if (!row) throw notFound('Article');
    res.json(serializeArticle(row));
  });

  r.patch('/articles/:id', requireAdmin, async (req, res) => {
    res.json(serializeArticle(await updateArticle(ctx, String(req.params.id), parseBody(articlePatchSchema, req))));
  });

  r.delete('/articles/:id', requireAdmin, async (req, res) => {
    await deleteArticle(ctx, String(req.params.id));
    res.status(204).end();
  });

  // JSON arrives already parsed by the API's JSON parser; CSV is read here as text.
  r.post('/import', requireAdmin, express.text({ type: ['text/csv', 'text/plain'], limit: '5mb' }), async (req, res) => {
    const inputs = parseImport(typeof req.body === 'string' ? { csv: req.body } : { json: req.body });
    const rows = await createArticles(ctx, inputs); // one multi-row insert: all or nothing
    res.status(201).json({ imported: rows.length, items: rows.map(serializeArticle) });
  });

  r.get('/synonyms', async (_req, res) => {
    res.json(await listSynonyms(ctx));
  });

  r.post('/synonyms', requireAdmin, async (req, res) => {
    res.status(201).json(serializeSynonym(await createSynonym(ctx, parseBody(synonymInputSchema, req).terms)));
  });

  r.put('/synonyms/:id', requireAdmin, async (req, res) => {
    res.json(serializeSynonym(await updateSynonym(ctx, String(req.params.id), parseBody(synonymInputSchema, req).terms)));
  });

  r.delete('/synonyms/:id', requireAdmin, async (req, res) => {
    await deleteSynonym(ctx, String(req.params.id));
    res.status(204).end();
  });

  r.get('/search', async (req, res) => {
    const { q } = parseQuery(z.object({ q: z.string().min(1).max(1000) }), req);
    const ranked = await searchArticles(ctx, q, 5);
    const decision = decide(ranked, { answer: defaultKb.answerThreshold, suggest: defaultKb.suggestThreshold, maxOptions: defaultKb.maxOptions });
    res.json({
      decision: decision.kind,
      items: ranked.map((m) => ({ article: serializeArticle(m.article), score: Number(m.score.toFixed(4)), confidence: Number(m.confidence.toFixed(4)) })),
    });
  });
  return r;
}
