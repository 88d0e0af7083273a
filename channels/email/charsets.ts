import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Joiner, Rewriter, Splitter, type MimeNode } from '@zone-eu/mailsplit';
import chardet from 'chardet';
import iconv from 'iconv-lite';

// Mail in the wild does not always say how its bytes are meant: 8-bit Latin-1 straight in a Subject, a body
// with no charset at all (or "utf-8" over Windows-1252 bytes), UTF-7 from old clients. mailparser decodes all
// of these as UTF-8 and shows U+FFFD, or leaves UTF-7 undecoded on purpose (UTF-7 can smuggle markup past a
// filter that looks for "<"; here every HTML body is sanitised after decoding, so decoding it is safe).
// This pass rewrites such text parts and headers to honest UTF-8 before mailparser reads the mail.

const UTF7 = /^(?:(?:cs)?unicode11)?utf7$/;
const UTF8_OR_ASCII = /^(?:utf8|usascii|ascii)$/;
const FALLBACK = 'windows-1252'; // every byte decodes, and it is what undeclared Western mail almost always is

const charsetKey = (name: string | false | undefined) => (name || '').toLowerCase().replace(/[^a-z0-9]/g, '');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const has8bit = (bytes: Buffer) => bytes.some((b) => b >= 0x80);

/** The likeliest charset for 8-bit bytes that are not UTF-8, among those iconv-lite can decode. */
function detectCharset(bytes: Buffer, hint?: string): string {
  if (hint && iconv.encodingExists(hint) && !UTF8_OR_ASCII.test(charsetKey(hint))) return hint;
  const candidates = chardet.analyse(bytes).map((m) => m.name).filter((name) => !/^UTF-/i.test(name) && iconv.encodingExists(name));
  // chardet reports ISO-8859-1 for Windows-1252 text too; its superset also decodes curly quotes and the euro.
  const best = candidates[0];
  return !best || /^ISO-8859-1$/i.test(best) ? FALLBACK : best;
}

/** What a text part's bytes should be decoded as, or null when mailparser reads them right already. */
function rereadCharset(declared: string | false, bytes: Buffer, hint?: string): string | null {
  const key = charsetKey(declared);
  if (UTF7.test(key)) return 'utf7';
  if (key && !UTF8_OR_ASCII.test(key)) return null; // declared, and mailparser knows more charsets than we do
  if (!has8bit(bytes) || isUtf8(bytes)) return null;
  return detectCharset(bytes, hint);
}

const isBodyText = (node: MimeNode) =>
  (node.contentType === 'text/plain' || node.contentType === 'text/html') && node.disposition !== 'attachment';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Re-encodes undeclared, mislabelled and UTF-7 text parts as UTF-8; returns the charset found for the mail. */
async function rewriteBodies(raw: Buffer): Promise<{ bytes: Buffer; charset?: string }> {
  let mailCharset: string | undefined;
  const rewriter = new Rewriter((node: MimeNode) => isBodyText(node));
  rewriter.on('node', ({ node, decoder, encoder }) => {
    readAll(decoder).then((bytes) => {
      const declared = node.charset;
      const charset = rereadCharset(declared, bytes, mailCharset);
      if (charset) {
        node.setCharset('utf-8');
        encoder.end(Buffer.from(iconv.decode(bytes, charset), 'utf8'));
      } else {
        encoder.end(bytes);
      }
      const found = charset ?? (declared && !UTF8_OR_ASCII.test(charsetKey(declared)) ? declared : undefined);
      if (found && found !== 'utf7') mailCharset ??= found;
    }, (err: Error) => encoder.destroy(err));
  });
  const out: Buffer[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { out.push(chunk); done(); } });
  await pipeline(Readable.from([raw]), new Splitter(), rewriter, new Joiner(), sink);
  return { bytes: Buffer.concat(out), charset: mailCharset };
}

const HEADER_END = /\r?\n\r?\n/;
// An encoded word whose Q text carries raw 8-bit bytes (clients that forgot to escape them).
const Q_WORD = /=\?([^?\s]+)\?[Qq]\?([^?]*)\?=/g;
const ENCODED_WORD = /=\?[^?\s]+\?[QqBb]\?[^?]*\?=/g;

/**
 * Root headers with raw 8-bit bytes: escaped inside Q encoded words (so their declared charset applies), and
 * elsewhere transcoded to UTF-8 (RFC 6532), which mailparser reads, from the mail's charset or a detected one.
 */
function fixHeaders(mail: Buffer, bodyCharset?: string): Buffer {
  const end = HEADER_END.exec(mail.toString('latin1'));
  const headerLength = end ? end.index : mail.length;
  const header = mail.subarray(0, headerLength);
  if (!has8bit(header)) return mail;
  const escaped = header.toString('latin1').replace(Q_WORD, (_word, charset: string, text: string) =>
    `=?${charset}?Q?${text.replace(/[\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}?=`);
  const outside = Buffer.from(escaped.replace(ENCODED_WORD, ''), 'latin1');
  let fixed: Buffer;
  if (!has8bit(outside) || isUtf8(outside)) {
    fixed = Buffer.from(escaped, 'latin1');
  } else {
    const eightBit = Buffer.from((escaped.match(/[^\x00-\x7f]+/g) ?? []).join(' '), 'latin1');
    fixed = Buffer.from(iconv.decode(Buffer.from(escaped, 'latin1'), detectCharset(eightBit, bodyCharset)), 'utf8');
  }
  return Buffer.concat([fixed, mail.subarray(headerLength)]);
}

/** Raw mail bytes with every text part and root header in a charset mailparser decodes without loss. */
export async function normaliseCharsets(raw: Buffer): Promise<Buffer> {
  const { bytes, charset } = await rewriteBodies(raw);
  return fixHeaders(bytes, charset);
}
