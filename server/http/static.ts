import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { projectRoot } from '../paths.js';

const widgetDist = path.join(projectRoot, 'widget/dist');
const agentUiDist = path.join(projectRoot, 'agent-ui/dist');
const demoPage = path.join(projectRoot, 'widget/demo/index.html');

/** The built front ends: the widget loader and assets, the demo site, and the agent SPA with its fallback. */
export function staticRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/widget.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.sendFile(path.join(widgetDist, 'widget.js'), (err) => { if (err && !res.headersSent) res.status(404).type('text/plain').send('widget not built: run npm run build:ui'); });
  });
  r.use('/widget', express.static(widgetDist, { maxAge: '1h', fallthrough: false }));
  r.get('/demo', (_req, res) => {
    res.sendFile(demoPage, (err) => { if (err && !res.headersSent) res.status(404).type('text/plain').send('demo page missing'); });
  });
  r.use(express.static(agentUiDist, { index: false, maxAge: '1h' }));
  r.get(/^\/(?!api\/|webhooks\/|socket\.io\/|attachments\/|widget\/).*/, (_req, res) => {
    const index = path.join(agentUiDist, 'index.html');
    if (!existsSync(index)) return void res.status(503).type('text/plain').send('Agent UI not built: run npm run build:ui');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
