import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Analyser, hasContent } from '../../server/bot/kb/analyse.js';
import { decide } from '../../server/bot/kb/decision.js';
import { KbIndex } from '../../server/bot/kb/engine.js';
import { detectLocale } from '../../server/bot/locale.js';
import { parseCsv } from '../../server/http/csv.js';
import { parseLeadField } from '../../server/bot/flows/lead.js';

const fixtures = (JSON.parse(readFileSync(new URL('./fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[])
  .map((a, i) => ({ ...a, id: String(i) }));
const index = new KbIndex(fixtures);
const thresholds = { answer: 0.5, suggest: 0.25, maxOptions: 3 };
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
    expect(hasContent('hi, thanks!')).toBe(false);
    expect(hasContent('สวัสดีค่ะ')).toBe(false);
  });

  test('Thai and Latin glued together by the segmenter are separate words', () => {
    expect(new Analyser().terms('กระบวนการCRMคือ')).toEqual(['~ขั้น_ตอน', 'crm']);
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

describe('retrieval for a small shop', () => {
  // The four articles of a shop owner trying the bot: with one English article, its paraphrases must be answered.
  const shop = new KbIndex([
    { id: 'crm', title: 'ขั้นตอนของกระบวนการ CRM', body: 'กระบวนการ CRM มี 5 ขั้นตอน', questions: [] },
    { id: 'returns', title: '退货政策', body: '收到商品后30天内可以申请退货。', questions: [] },
    { id: 'hours', title: 'ساعات کاری پشتیبانی', body: 'تیم پشتیبانی ما شنبه تا چهارشنبه از ساعت ۹ صبح تا ۵ عصر پاسخگوی شماست.', questions: [] },
    { id: 'shipping', title: 'Shipping times', body: 'Orders ship within 2 business days; delivery takes 3 to 5 days.', questions: [] },
  ]);
  const decision = (q: string, kb = shop) => {
    const d = decide(kb.search(q), thresholds);
    return d.kind === 'answer' ? d.best.articleId : d.kind;
  };

  test.each([
    'how long does shipping take?', 'when will my order arrive?', 'shipping', 'how lnog does shiping take', 'wen will my oder arive',
  ])('%s -> the shipping article', (q) => {
    expect(decision(q)).toBe('shipping');
  });

  test('one article alone is answerable, and a question it does not cover is not answered', () => {
    const one = new KbIndex([{ id: 'shipping', title: 'Shipping times', body: 'Orders ship within 2 business days; delivery takes 3 to 5 days.', questions: [] }]);
    expect(decision('when will my order arrive?', one)).toBe('shipping');
    expect(decision('Do you sell gift cards?', one)).toBe('none');
  });

  test('admin synonyms join words the built-in lexicon does not know', () => {
    const articles = [{ id: 'jar', title: 'Jar deposit', body: 'Bring the empty jar back and we pay 5 baht.', questions: [] }];
    expect(decision('can I return the bottle', new KbIndex(articles))).not.toBe('jar');
    expect(decision('can I return the bottle', new KbIndex(articles, [['jar', 'bottle', 'container']]))).toBe('jar');
  });

  test('a phrasing added to an article ("other ways to ask") is matched like its title', () => {
    const articles = [{ id: 'a', title: 'Loyalty points', body: 'Every 100 baht earns one point.', questions: ['do you have a rewards programme'] }];
    expect(decision('is there a rewards programme', new KbIndex(articles))).toBe('a');
  });
});
