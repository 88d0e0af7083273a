import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Bm25Index } from '../../server/bot/kb/bm25.js';
import { parseCsv } from '../../server/http/csv.js';
import { decide } from '../../server/bot/kb/search.js';
import { detectLocale, kbTokens } from '../../server/bot/kb/tokens.js';
import { parseLeadField } from '../../server/bot/flows/lead.js';

const fixtures = (JSON.parse(readFileSync(new URL('./fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[])
  .map((a, i) => ({ ...a, id: String(i) }));
const index = new Bm25Index(fixtures);
const thresholds = { answer: 0.6, suggest: 0.25, maxOptions: 3 };
const best = (q: string) => {
  const ranked = index.search(q).map((m) => ({ ...m, article: fixtures[Number(m.articleId)] as any }));
  return decide(ranked, thresholds);
};

describe('knowledge-base matching', () => {
  test.each([
    ['When do you open?', 'Opening hours'],
    ['อยากทราบว่ากระบวนการCRMคืออะไรครับ', 'กระบวนการCRMคืออะไร'],
    ['我想退款怎么办', '退款政策'],
    ['مراحل فرآیند سی آر ام چیه', 'فرایند سی آر ام چیست؟'], // alef madda typed or not
  ])('%s -> %s', (question, title) => {
    const d = best(question);
    expect(d.kind).toBe('answer');
    if (d.kind === 'answer') expect(d.best.article.title).toBe(title);
  });

  test('a question about something the KB never mentions gets no answer, small talk is not a question', () => {
    expect(best('Do you sell bicycles on Mars?').kind).toBe('none');
    expect(kbTokens('hi, thanks!')).toEqual([]);
    expect(kbTokens('สวัสดีค่ะ')).toEqual([]);
  });

  test('Thai and Latin glued together by the segmenter are separate words', () => {
    expect(kbTokens('กระบวนการCRMคือ')).toEqual(['กระบวนการ', 'crm']);
  });

  test('the language of a message comes from its script', () => {
    expect(['ขอบคุณ', '谢谢', 'ممنون', 'thanks', '2'].map(detectLocale)).toEqual(['th', 'zh', 'fa', 'en', null]);
  });
});

describe('lead fields', () => {
  test.each([
    ['email', 'E-mail: Ana@Example.com', 'ana@example.com'],
    ['email', 'my address is bo@example.org.', 'bo@example.org'],
    ['email', 'ana at example dot com', null],
    ['phone', '+66 2 123 4567', '+6621234567'],
    ['phone', '12', null],
    ['name', 'Name: Ana Lima', 'Ana Lima'],
    ['name', '12345', null],
  ] as const)('%s %s', (field, input, expected) => {
    expect(parseLeadField(field, input, 'TH')).toBe(expected);
  });
});

test('CSV cells may hold quotes, commas and line breaks', () => {
  expect(parseCsv('a,b\n"x, ""y""","line 1\nline 2"\r\n')).toEqual([['a', 'b'], ['x, "y"', 'line 1\nline 2']]);
});
