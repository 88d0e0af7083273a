import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { getCsatSettings, listFeedback, setCsatSettings, submitRating, surveyByToken } from './csat.js';
import { agentInboxIds, requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, parseQuery } from '../http/validate.js';

export const csatSettingsSchema = z.object({
  enabled: z.boolean().optional(),
  thankYouMessage: z.string().trim().min(1).max(1000).optional(),
  surveyMessage: z.string().trim().min(1).max(500).optional(),
});
export const csatRatingSchema = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional().transform((v) => v || null),
});
export const feedbackQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  maxRating: z.coerce.number().int().min(1).max(5).optional(),
  inboxId: z.string().uuid().optional(),
});

/** CSAT settings, the feedback list, and the JSON rating endpoint the widget posts to. */
export function csatRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  r.get('/csat/settings', agent, async (_req, res) => { res.json(await getCsatSettings(ctx)); });
  r.put('/csat/settings', agent, requireAdmin, async (req, res) => { res.json(await setCsatSettings(ctx, parseBody(csatSettingsSchema, req))); });
  r.get('/csat/feedback', agent, async (req, res) => {
    const q = parseQuery(feedbackQuery, req);
    res.json({ items: await listFeedback(ctx, await agentInboxIds(ctx, req), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }) });
  });
  // Public: the signed token is the credential (it names one survey and nothing else).
  r.post('/csat/:token', async (req, res) => {
    const body = parseBody(csatRatingSchema, req);
    if (!(await submitRating(ctx, String(req.params.token), body.rating, body.comment))) throw notFound('Survey');
    res.json({ ok: true });
  });
  return r;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, inner: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
fieldset{border:0;padding:0;display:flex;gap:.5rem}label.r{border:1px solid #cbd5e1;border-radius:.5rem;padding:.6rem 1rem;cursor:pointer}
textarea{width:100%;min-height:6rem;margin:.75rem 0}button{background:#4f46e5;color:#fff;border:0;border-radius:.5rem;padding:.6rem 1.2rem;font-size:1rem}</style>
</head><body>${inner}</body></html>`;

/** The survey page for e-mail, SMS and messaging customers (a plain form: no script, works everywhere). */
export function csatPageRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/:token', async (req, res) => {
    const survey = await surveyByToken(ctx, String(req.params.token));
    if (!survey) return void res.status(404).type('html').send(page('Survey not found', '<h1>This survey link is not valid.</h1>'));
    const options = [1, 2, 3, 4, 5].map((n) => `<label class="r"><input type="radio" name="rating" value="${n}" required${survey.rating === n ? ' checked' : ''}> ${n}</label>`).join('');
    res.type('html').send(page('How did we do?', `<h1>How did we do?</h1><form method="post"><p>1 = poor, 5 = excellent</p>
<fieldset><legend class="sr">Rating</legend>${options}</fieldset>
<label for="comment">Anything you want to tell us?</label><textarea id="comment" name="comment" maxlength="2000">${escape(survey.comment ?? '')}</textarea>
<button type="submit">Send</button></form>`));
  });
  r.post('/:token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const parsed = csatRatingSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).type('html').send(page('Please choose a rating', '<h1>Please choose a rating from 1 to 5.</h1><p><a href="">Back</a></p>'));
    if (!(await submitRating(ctx, String(req.params.token), parsed.data.rating, parsed.data.comment))) {
      return void res.status(404).type('html').send(page('Survey not found', '<h1>This survey link is not valid.</h1>'));
    }
    res.type('html').send(page('Thank you', '<h1>Thank you for your feedback!</h1>'));
  });
  return r;
}
