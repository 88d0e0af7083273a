import { z } from 'zod';
import { parseCsv } from '../../http/csv.js';
import { badRequest, zodFields } from '../../errors.js';
import { articleInputSchema, type ArticleInput } from './articles.js';

// Import files: a JSON array of articles (or {articles:[...]}) or a CSV with a header row naming the columns
// title, body (or answer), locale, questions, tags. In CSV cells, several questions or tags are separated by
// "|" or line breaks inside the quoted cell.

export const MAX_IMPORT = 2000;

const splitList = (cell: string | undefined) => (cell ?? '').split(/[|\n]/).map((s) => s.trim()).filter(Boolean);

function csvToRecords(text: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text, 'file');
  if (!header) throw badRequest('The CSV file is empty');
  const cols = header.map((h) => h.trim().toLowerCase());
  const at = (name: string) => cols.indexOf(name);
  const bodyCol = at('body') >= 0 ? at('body') : at('answer');
  if (at('title') < 0 || bodyCol < 0 || at('locale') < 0) {
    throw badRequest('The CSV header must name the columns title, body (or answer) and locale', { file: 'missing columns' });
  }
  return rows.map((r) => ({
    title: r[at('title')], body: r[bodyCol], locale: r[at('locale')],
    questions: splitList(r[at('questions')]), tags: at('tags') >= 0 ? splitList((r[at('tags')] ?? '').replace(/,/g, '|')) : [],
  }));
}

/** Validates every record before anything is stored, and names the bad rows (1-based, as a person counts). */
export function parseImport(input: { csv?: string; json?: unknown }): ArticleInput[] {
  const raw = input.csv !== undefined ? csvToRecords(input.csv)
    : Array.isArray(input.json) ? input.json
      : Array.isArray((input.json as { articles?: unknown })?.articles) ? (input.json as { articles: unknown[] }).articles
        : null;
  if (!raw) throw badRequest('Send a JSON array of articles, {"articles":[...]}, or a text/csv file');
  if (raw.length > MAX_IMPORT) throw badRequest(`At most ${MAX_IMPORT} articles per import`);
  const parsed = z.array(articleInputSchema).safeParse(raw);
  if (!parsed.success) {
    const fields = Object.fromEntries(Object.entries(zodFields(parsed.error)).map(([path, msg]) => {
      const [row, ...rest] = path.split('.');
      return [`row ${Number(row) + 1}${rest.length ? `.${rest.join('.')}` : ''}`, msg];
    }));
    throw badRequest('Some articles are invalid; nothing was imported', fields);
  }
  return parsed.data;
}
