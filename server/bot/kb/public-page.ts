import type { AppContext } from '../../context.js';
import type { ArticleRow } from './articles.js';
import { publicLink } from '../../config.js';

// The public page of an article, linked under every generative answer so the visitor can read the source.

export const articleUrl = (ctx: AppContext, id: string) => publicLink(ctx.config, `/help/articles/${id}`);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const RTL = new Set(['fa', 'ar', 'he', 'ur']);

export function articlePage(article: ArticleRow): string {
  const lang = article.locale.split(/[-_]/)[0];
  const paragraphs = article.body.split(/\n{2,}/).map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join('');
  return `<!doctype html><html lang="${escape(article.locale)}" dir="${RTL.has(lang) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(article.title)}</title>
<style>body{font:17px/1.6 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1.25rem;color:#1f2937}
h1{font-size:1.6rem;line-height:1.3;margin:0 0 1rem}footer{margin-top:2rem;color:#6b7280;font-size:.85rem}</style>
</head><body><article><h1>${escape(article.title)}</h1>${paragraphs}</article>
<footer>${escape(article.updatedAt.toISOString().slice(0, 10))}</footer></body></html>`;
}
