import { Router } from 'express';
import type { AppContext } from '../context.js';
import { getArticle } from './kb/articles.js';
import { articlePage } from './kb/public-page.js';

/** Public: the knowledge base's enabled articles as readable pages (the bot links them as sources). */
export function helpRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/articles/:id', async (req, res) => {
    const article = await getArticle(ctx, String(req.params.id));
    if (!article?.enabled) return void res.status(404).type('text/plain').send('No such article');
    res.type('html').send(articlePage(article));
  });
  return r;
}
