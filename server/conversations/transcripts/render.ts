// The transcript e-mail of one conversation: what the customer could see of it, nothing more. Private notes,
// hidden activity lines and internal attributes never appear; attachments are signed links, not copies.
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { senderInfo } from '../../messages/messages.js';
import { isVisibleToVisitor, serializeVisitorMessage } from '../../serializers/widget.js';

export interface TranscriptLine { at: string; from: string; body: string; attachments: { name: string; url: string }[] }
export interface Transcript { subject: string; text: string; html: string; lines: TranscriptLine[] }

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Longest transcript sent: a conversation longer than this gets its latest messages and a note saying so. */
const MAX_MESSAGES = 2000;

export async function renderTranscript(ctx: AppContext, conversationId: string): Promise<Transcript | null> {
  const [row] = await ctx.db.select({ c: schema.conversations, inbox: schema.inboxes.name })
    .from(schema.conversations).innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
    .where(eq(schema.conversations.id, conversationId));
  if (!row) return null;
  const all = await ctx.db.select().from(schema.messages)
    .where(eq(schema.messages.conversationId, conversationId))
    .orderBy(asc(schema.messages.createdAt), asc(schema.messages.id));
  const visible = all.filter(isVisibleToVisitor);
  const cut = Math.max(0, visible.length - MAX_MESSAGES);
  const rows = visible.slice(cut);
  const senders = await senderInfo(ctx, rows);
  const team = row.inbox;
  const lines: TranscriptLine[] = rows.map((m) => {
    const v = serializeVisitorMessage(ctx.appSecret, m, m.senderId ? senders.get(m.senderId) : null);
    const from = m.senderType === 'contact' ? 'You' : m.senderType === 'bot' ? `${team} (bot)` : m.senderType === 'system' ? team : v.sender?.name || team;
    return {
      at: v.createdAt, from, body: m.body,
      attachments: v.attachments.map((a) => ({ name: a.name, url: new URL(a.url, ctx.config.publicUrl + '/').href })),
    };
  });

  const subject = `Your conversation with ${team}${row.c.subject ? `: ${row.c.subject}` : ''}`;
  const stamp = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
  const note = cut ? `The first ${cut} messages are left out; these are the latest ${rows.length}.` : '';
  const text = [subject, ...(note ? [note] : []), '', ...lines.flatMap((l) => [
    `[${stamp(l.at)}] ${l.from}:`, ...(l.body ? [l.body] : []), ...l.attachments.map((a) => `Attachment: ${a.name} <${a.url}>`), '',
  ])].join('\n');
  // Every piece of text is escaped, so message bodies can never inject markup into the mail.
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">`
    + `<h1 style="font-size:18px">${escapeHtml(subject)}</h1>${note ? `<p>${escapeHtml(note)}</p>` : ''}`
    + lines.map((l) => `<div class="message" style="margin:0 0 14px">`
      + `<div style="color:#555;font-size:12px"><strong>${escapeHtml(l.from)}</strong> · ${escapeHtml(stamp(l.at))}</div>`
      + (l.body ? `<div style="white-space:pre-wrap">${escapeHtml(l.body)}</div>` : '')
      + l.attachments.map((a) => `<div><a href="${escapeHtml(a.url)}">${escapeHtml(a.name)}</a></div>`).join('')
      + `</div>`).join('')
    + `</body></html>`;
  return { subject, text, html, lines };
}
