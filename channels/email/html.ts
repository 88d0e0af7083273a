import { createRequire } from 'node:module';
import type { IOptions } from 'sanitize-html';

// html-to-text and sanitize-html (with htmlparser2, entities and postcss, about a megabyte) are read with the first
// HTML mail, not at start. The callers are synchronous string functions, so they are required, not imported.
const require = createRequire(import.meta.url);
let sanitizer: typeof import('sanitize-html') | undefined;
const sanitizeHtml = () => (sanitizer ??= require('sanitize-html') as typeof import('sanitize-html'));

// Inline images arrive as data: URLs (mailparser inlines cid: parts); only raster types, which cannot script.
const SAFE_DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,/i;
const REMOTE = /^https?:\/\//i;

/**
 * Mail HTML is hostile input. What survives: structure, text formatting, tables, links (http/mailto/tel only)
 * and inline images. What goes: scripts, event handlers, style tags and attributes (CSS can exfiltrate and
 * overlay), forms, frames, javascript:/vbscript: URLs. Remote images are not loaded (they report "opened" to
 * the sender and leak the agent's IP): their URL is kept in data-src so a viewer can offer to load them.
 */
const options = (): IOptions => ({
  allowedTags: [...sanitizeHtml().defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'data-src', 'alt', 'title', 'width', 'height'],
    font: ['color', 'face', 'size'],
    table: ['width', 'border', 'cellpadding', 'cellspacing', 'align'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    '*': ['dir', 'lang', 'align'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
    img: (tagName, attribs) => {
      const { src = '', ...rest } = attribs;
      if (SAFE_DATA_IMAGE.test(src)) return { tagName, attribs: { ...rest, src } };
      if (REMOTE.test(src)) return { tagName, attribs: { ...rest, 'data-src': src } };
      return { tagName, attribs: rest };
    },
  },
});
let sanitizeOptions: IOptions | undefined;

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml()(html, (sanitizeOptions ??= options())).trim();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The agent writes plain text; the HTML alternative is that text, escaped, with its line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/\r?\n/g, '<br>\n');
  return `<div dir="auto">${escaped}</div>`;
}

// Agents, search, the list preview and the bot read the text; for HTML-only mail it is made from the HTML.
// No wrapping (the fold and the agent's screen do better with the author's own lines), no image markers,
// a link's address only where its text does not already say it; quotes keep their "> " marks for the fold.
const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));
let toText: ((html: string) => string) | undefined;
const compileToText = () => (require('html-to-text') as typeof import('html-to-text')).compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    { selector: 'img', format: 'skip' },
    ...headings,
  ],
});

export function htmlToPlainText(html: string): string {
  return (toText ??= compileToText())(html).trim();
}
