import { Router } from 'express';
import type { AppContext } from '../context.js';
import { openApiDocument } from './openapi.js';

const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable listing of the OpenAPI document, rendered on the server (no script, no CDN). */
function docsPage(doc: any): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const params = (op.parameters ?? []).map((p: any) => `<code>${escape(p.name)}</code> (${escape(p.in)})`).join(', ');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const fields = body?.properties ? Object.keys(body.properties).map((k) => `<code>${escape(k)}</code>`).join(', ') : '';
      const html = `<li><span class="m m-${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code> — ${escape(op.summary)}
${op.description ? `<em>${escape(op.description)}</em>` : ''}${params ? `<div>Parameters: ${params}</div>` : ''}${fields ? `<div>Body: ${fields}</div>` : ''}
<div>Responses: ${Object.keys(op.responses).map(escape).join(', ')}</div></li>`;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag].map(([tag, items]) => `<section><h2>${escape(tag)}</h2><ul>${items.join('')}</ul></section>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2937}li{margin:.6rem 0;list-style:none}
.m{display:inline-block;min-width:4rem;font-weight:600}.m-get{color:#047857}.m-post{color:#1d4ed8}.m-patch,.m-put{color:#b45309}.m-delete{color:#b91c1c}
div{margin-left:4.4rem;color:#4b5563;font-size:.9em}</style></head><body><h1>${escape(doc.info.title)}</h1>
<p>${escape(doc.info.description)} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>${sections}</body></html>`;
}

export function openApiRoutes(_ctx: AppContext): Router {
  const r = Router();
  r.get('/openapi.json', async (_req, res) => { res.json(await openApiDocument()); });
  r.get('/docs', async (_req, res) => { res.type('html').send(docsPage(await openApiDocument())); });
  return r;
}
