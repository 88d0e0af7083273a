// The conversation export over the API (start, wait for the job, download) and the comparison of two exports from
// different databases, shared by the API and the browser round-trip tests.
import { expect } from 'vitest';
import { api, eventually } from './server.js';

export async function exportFile(base: string, token: string, query: string): Promise<{ text: string; headers: Headers }> {
  const started = await api(base, 'GET', `/api/conversations/export?${query}`, { token });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const done = await eventually(async () => {
    const st = await api(base, 'GET', started.body.statusUrl, { token });
    return st.body.status === 'done' && st.body;
  }, 30_000, 'export done');
  expect(done.processed).toBe(done.total);
  const res = await fetch(base + done.downloadUrl, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return { text: await res.text(), headers: res.headers };
}

export const jsonLines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l));

/** A line without what differs between two databases by nature (row ids, signed links, inbox ids). */
export function comparable(line: any) {
  return {
    ...line, inbox: { name: line.inbox.name, channel: line.inbox.channel },
    messages: line.messages.map((m: any) => ({ ...m, attachments: m.attachments.map((x: any) => ({ ...x, url: undefined })) })),
  };
}

/** Exported lines in a stable order (by external id), made comparable. */
export const byExternalId = (list: any[]) => [...list].sort((x, y) => x.externalId.localeCompare(y.externalId)).map(comparable);
