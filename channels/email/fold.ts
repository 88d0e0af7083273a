// Replies carry the whole earlier thread below the new text, and often a signature. The agent needs the new
// part; the rest is folded away (kept in the message's meta and HTML), never dropped.

// Attribution lines that start a quoted earlier message, in the languages our customers write in.
const ATTRIBUTION = [
  /^On .{4,200}wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Le .{4,200}a écrit\s*:\s*$/i,
  /^Am .{4,200}schrieb .{1,200}:\s*$/i,
  /^El .{4,200}escribió:\s*$/i,
  /^在.{2,200}(写道|寫道)[:：]?\s*$/, // Chinese clients
  /^.{2,200}於.{2,200}寫道[:：]?\s*$/,
  /^เมื่อ.{2,200}เขียนว่า[:：]?\s*$/, // Thai Gmail
  /^در تاریخ .{2,200}نوشت[:：]?\s*$/, // Persian Gmail
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^_{10,}\s*$/, // Outlook's rule above "From: ... Sent: ..."
];
const OUTLOOK_HEADER = /^(From|Von|De|发件人|寄件者|จาก|از)\s*[:：]/i;
const OUTLOOK_SENT = /^(Sent|Date|Gesendet|Envoyé|发送时间|寄件日期|ส่ง|تاریخ)\s*[:：]/i;
const SIGNATURE = [/^-- ?$/, /^(Sent from my |Get Outlook for |Envoyé de mon |从我的.+发送)/i];

function startsQuote(lines: string[], i: number): boolean {
  const line = lines[i].trim();
  if (line.startsWith('>')) return true;
  if (ATTRIBUTION.some((re) => re.test(line))) return true;
  // Attribution lines wrapped by the client: "On Mon, 1 Jan 2024 at 10:00, Ana <ana@\nexample.com> wrote:".
  if (i + 1 < lines.length && /^On .{4,200}wrote:\s*$/i.test(`${line} ${lines[i + 1].trim()}`)) return true;
  if (OUTLOOK_HEADER.test(line)) return lines.slice(i + 1, i + 5).some((l) => OUTLOOK_SENT.test(l.trim()));
  return false;
}

export function foldReply(text: string): { fresh: string; folded: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex((_, i) => startsQuote(lines, i) || SIGNATURE.some((re) => re.test(lines[i])));
  if (cut <= 0) return { fresh: text.trim(), folded: '' };
  const fresh = lines.slice(0, cut).join('\n').trim();
  // Nothing above the quote: a forward or an odd client. Better show everything than an empty message.
  if (!fresh) return { fresh: text.trim(), folded: '' };
  return { fresh, folded: lines.slice(cut).join('\n').trim() };
}
