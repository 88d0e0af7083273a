import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseText, segmentWords } from '../../server/shared/search.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

const seed = (name: string) => readFileSync(new URL(`../../../shared/seeds/${name}`, import.meta.url), 'utf8');

describe('word segmentation', () => {
  it('splits Thai and Chinese into words', () => {
    expect(segmentWords('ระบบบริหารลูกค้าสัมพันธ์')).toEqual(['ระบบ', 'บริหาร', 'ลูกค้า', 'สัมพันธ์']);
    expect(segmentWords('客户关系管理系统')).toEqual(['客户', '关系', '管理', '系统']);
  });
  it('folds Arabic-script variants and ZWNJ in Persian', () => {
    expect(normaliseText('مشتري')).toBe(normaliseText('مشتری'));
    expect(normaliseText('کمك')).toBe(normaliseText('کمک'));
    expect(normaliseText('می\u200Cخواهم')).toBe(normaliseText('میخواهم'));
  });
});

describe('full-text search of conversations', () => {
  let s: TestServer;
  let token: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer();
    token = await loginAdmin(s.url);
    const inbox = await websiteInbox(s.url, token);
    const texts = {
      th: seed('crm-process-th-1.txt').slice(0, 600),
      zh: seed('crm-process-zh.txt').slice(0, 600),
      fa: seed('crm-process-fa.txt').slice(0, 600),
      en: 'My invoice for October shows the wrong amount',
    };
    for (const [lang, body] of Object.entries(texts)) {
      const v = await newVisitor(s.url, inbox.widgetKey, { name: `visitor-${lang}` });
      ids[lang] = (await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId: lang } })).body.conversationId;
    }
  });
  afterAll(() => s?.close());

  const search = async (q: string) =>
    (await api(s.url, 'GET', `/api/conversations?status=all&q=${encodeURIComponent(q)}`, { token })).body.items.map((c: any) => c.id);

  it('finds a Thai word inside a Thai sentence', async () => {
    const thai = seed('crm-process-th-1.txt').slice(0, 600);
    const word = segmentWords(thai).find((w) => w.length >= 4 && /[\u0E00-\u0E7F]/.test(w))!;
    expect(thai.includes(` ${word} `)).toBe(false); // the word is not space-delimited in the source
    expect(await search(word)).toEqual([ids.th]);
  });

  it('finds a Chinese word inside a Chinese sentence', async () => {
    expect(await search('客户')).toEqual([ids.zh]);
  });

  it('finds Persian regardless of Arabic letter variants', async () => {
    const word = segmentWords(seed('crm-process-fa.txt').slice(0, 600)).find((w) => w.includes('ی') && w.length >= 4)!;
    expect(await search(word.replace(/ی/g, 'ي'))).toEqual([ids.fa]);
  });

  it('finds English words and prefixes, and contacts by name', async () => {
    expect(await search('invoice october')).toEqual([ids.en]);
    expect(await search('invo')).toEqual([ids.en]);
    expect(await search('visitor-zh')).toEqual([ids.zh]);
    expect(await search('nonexistentword')).toEqual([]);
  });

  it('gathers the matches of rare words and walks the list for common ones, with the same answers and counts', async () => {
    const { countConversationsByStatus, listConversations } = await import('../../server/conversations/conversations.js');
    const ctx = s.app.ctx;
    const inboxIds = [(await websiteInbox(s.url, token)).id];
    const me = (await api(s.url, 'GET', '/api/auth/me', { token })).body.agent.id;
    for (const q of ['invoice october', 'invo', 'visitor', 'visitor-zh', '客户', 'nonexistentword']) {
      // A gather limit of 0 makes every search take the walking plan.
      const gathered = await listConversations(ctx, inboxIds, { status: 'all', q }, me);
      const walked = await listConversations(ctx, inboxIds, { status: 'all', q, searchGatherLimit: 0 }, me);
      expect(gathered.items.map((c) => c.id)).toEqual(walked.items.map((c) => c.id));
      expect(await countConversationsByStatus(ctx, inboxIds, { q }, me)).toEqual(await countConversationsByStatus(ctx, inboxIds, { q, searchGatherLimit: 0 }, me));
    }
    // Both plans found something where there is something to find, so the comparison above is not of two empties.
    expect((await listConversations(ctx, inboxIds, { status: 'all', q: 'visitor', searchGatherLimit: 0 }, me)).items).toHaveLength(4);
    expect((await countConversationsByStatus(ctx, inboxIds, { q: 'invo' }, me)).all).toBe(1);
  });
});
