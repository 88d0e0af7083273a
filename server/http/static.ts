import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { AppContext } from '../context.js';
import { projectRoot } from '../paths.js';

const widgetDist = path.join(projectRoot, 'widget/dist');
const agentUiDist = path.join(projectRoot, 'agent-ui/dist');
const demoPage = path.join(projectRoot, 'widget/demo/index.html');

const YEAR = 365 * 24 * 3600;
// Vite's assets/name-<hash>.js and the widget's ui-<hash>.js change name whenever their content changes.
const HASHED = /(?:^|[/\\])(?:assets[/\\].+-[\w-]{8,}|ui(?:-style)?-[A-Z0-9]{8,})\.\w+$/;

/** Hashed files never change under their name: cache them for a year; the rest briefly. */
function cacheFor(briefSeconds: number) {
  return (res: ServerResponse, file: string) => {
    const original = file.replace(/\.(br|gz)$/, '');
    res.setHeader('Cache-Control', HASHED.test(original) ? `public, max-age=${YEAR}, immutable` : `public, max-age=${briefSeconds}`);
  };
}

/**
 * Serves the build's precompressed copies (name.br, name.gz, written by server/build/precompress.mjs) to
 * browsers that accept them, brotli first, with `Vary: Accept-Encoding`; the plain file otherwise.
 */
const precompressed = (root: string, briefSeconds: number, fallthrough: boolean) =>
  expressStaticGzip(root, {
    enableBrotli: true, orderPreference: ['br', 'gz'], index: false,
    serveStatic: { index: false, fallthrough, cacheControl: false, setHeaders: cacheFor(briefSeconds) },
  });

/** The built front ends: the widget loader and assets, the demo site, and the agent SPA with its fallback. */
export function staticRoutes(_ctx: AppContext): Router {
  const r = Router();
  const loader = precompressed(widgetDist, 300, true);
  r.get('/widget.js', loader, (_req, res) => {
    res.status(404).type('text/plain').send('widget not built: run npm run build:ui');
  });
  r.use('/widget', precompressed(widgetDist, 3600, false));
  r.get('/demo', (_req, res) => {
    res.sendFile(demoPage, (err) => { if (err && !res.headersSent) res.status(404).type('text/plain').send('demo page missing'); });
  });
  r.use(precompressed(agentUiDist, 3600, true));
  r.get(/^\/(?!api\/|webhooks\/|socket\.io\/|attachments\/|widget\/).*/, (_req, res) => {
    const index = path.join(agentUiDist, 'index.html');
    if (!existsSync(index)) return void res.status(503).type('text/plain').send('Agent UI not built: run npm run build:ui');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
