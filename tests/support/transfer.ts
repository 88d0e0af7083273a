// The conversation export through the API (start the job, wait, download) and what two exports of the same
// conversations from two databases have in common, for the transfer tests of the API and of the CLI.
import { expect } from 'vitest';
import { api, eventually, type TestServer } from './server.js';

export async function exportFile(s: TestServer, token: string, query: string): Promise<{ text: string; headers: Headers }> {
  const started = await api(s.url, 'GET', `/api/conversations/export?${query}`, { token });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const done = await eventually(async () => {
    const st = await api(s.url, 'GET', started.body.statusUrl, { token });
    return st.body.status === 'done' && st.body;
  }, 30_000, 'export done');
  expect(done.processed).toBe(done.total);
  const res = await fetch(s.url + done.downloadUrl, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return { text: await res.text(), headers: res.headers };
}

export const parseLines = (text: string): any[] => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** A line without what differs between two databases by nature (row ids, signed links, inbox ids). */
export function comparable(line: any) {
  return {
    ...line, inbox: { name: line.inbox.name, channel: line.inbox.channel },
    messages: line.messages.map((m: any) => ({ ...m, attachments: m.attachments.map((x: any) => ({ ...x, url: undefined })) })),
  };
}

/** Lines in a stable order (by the conversation's external id), comparable across databases. */
export const byExternalId = (lines: any[]) => [...lines].sort((x, y) => x.externalId.localeCompare(y.externalId)).map(comparable);

/** Every attachment's bytes, fetched from the export's links (or decoded from inline data: URLs), in line order. */
export async function attachmentBytes(lines: any[]): Promise<string[]> {
  const out: string[] = [];
  for (const l of [...lines].sort((x, y) => x.externalId.localeCompare(y.externalId))) {
    for (const m of l.messages) {
      for (const a of m.attachments) {
        const res = await fetch(a.url);
        expect(res.status, a.url.slice(0, 80)).toBe(200);
        out.push(`${m.externalId}/${a.name}:${Buffer.from(await res.arrayBuffer()).toString('base64')}`);
      }
    }
  }
  return out;
}
