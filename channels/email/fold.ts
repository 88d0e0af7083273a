import EmailReplyParser from 'email-reply-parser';
import {
  cleanLine, isAttribution, isForwardMarker, isForwardSubject, isOriginalMessageSeparator, opensAttribution, startsHeaderBlock,
} from './reply/patterns.js';
import { signatureStart } from './reply/signature.js';

// Replies carry the earlier thread and often a signature. The agent needs the new part; the rest is folded away
// (kept in the message's meta and HTML), never dropped. Three passes:
//  1. history written without "> " marks (Outlook's header block, "-----Original Message-----", Yahoo's and
//     Zoho's attributions over plain text): everything from there down is the earlier thread;
//  2. "> " quoting above that, top-, bottom- or inline-posted: email-reply-parser (the parser Crisp runs on its
//     mail, a port of GitHub's), with an attribution line in any of our languages moved into the quote it
//     introduces, since the library knows only a few languages' wordings;
//  3. the signature at the end of what is left: our own rules, stricter than the library's ("Sent from my desk,
//     …" is a sentence) and in every language we serve.
// A forward is kept whole: the forwarded mail is what the customer wants us to read.

export interface FoldedReply {
  /** What the sender wrote in this mail. */
  fresh: string;
  /** Earlier messages and the signature, in order; empty when nothing was folded. */
  folded: string;
}

const replyParser = new EmailReplyParser();
const isQuoted = (line: string) => line.trimStart().startsWith('>');
const isBlank = (line: string) => cleanLine(line) === '';
const joinParts = (parts: string[]) => parts.map((p) => p.trim()).filter(Boolean).join('\n\n').replace(/\n{3,}/g, '\n\n');

function nextContentLine(lines: string[], from: number): number {
  let j = from;
  while (j < lines.length && isBlank(lines[j])) j += 1;
  return j;
}

/**
 * An attribution line, or one the client wrapped over up to three lines ("… <ana@" / "example.com> wrote:"):
 * how many lines it spans, or 0. A wrapped one opens like an attribution and has no blank line inside.
 */
function attributionSpan(lines: string[], i: number): number {
  const parts: string[] = [];
  for (let k = i; k < Math.min(lines.length, i + 3); k += 1) {
    const line = cleanLine(lines[k]);
    if (!line || isQuoted(line)) return 0;
    if (parts.length === 1 && (!opensAttribution(parts[0]) || /[.!?。！？]$/.test(parts[0]))) return 0;
    parts.push(line);
    if (isAttribution(parts.join(' '))) return parts.length;
  }
  return 0;
}

type Marker = { kind: 'forward' | 'history'; at: number } | null;

/** The first line that starts a forward or unmarked history; attributions over "> " quotes are left to pass 2. */
function firstMarker(lines: string[]): Marker {
  for (let i = 0; i < lines.length; i += 1) {
    if (isQuoted(lines[i]) || isBlank(lines[i])) continue;
    if (isForwardMarker(lines[i])) return { kind: 'forward', at: i };
    if (isOriginalMessageSeparator(lines, i) || startsHeaderBlock(lines, i)) return { kind: 'history', at: i };
    const span = attributionSpan(lines, i);
    if (span && !isQuoted(lines[nextContentLine(lines, i + span)] ?? '')) return { kind: 'history', at: i };
  }
  return null;
}

/** Attribution lines directly above a "> " quote become part of it, so the library folds them with it. */
function quoteAttributions(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i += 1) {
    if (isQuoted(out[i])) continue;
    const span = attributionSpan(out, i);
    if (span && isQuoted(out[nextContentLine(out, i + span)] ?? '')) {
      for (let k = i; k < i + span; k += 1) out[k] = `> ${out[k]}`;
      i += span - 1;
    }
  }
  return out;
}

export function foldReply(text: string, subject = ''): FoldedReply {
  const whole = text.replace(/\r\n?/g, '\n').trim();
  if (!whole || isForwardSubject(subject)) return { fresh: whole, folded: '' };
  const lines = whole.split('\n');
  const marker = firstMarker(lines);
  if (marker?.kind === 'forward') return { fresh: whole, folded: '' };
  const head = marker ? lines.slice(0, marker.at) : lines;
  const history = marker ? lines.slice(marker.at).join('\n') : '';

  const fragments = replyParser.read(quoteAttributions(head).join('\n')).getFragments();
  // The library hides signatures too, by looser rules than ours; only its quotes are taken from it.
  const visible = joinParts(fragments.filter((f) => !f.isQuoted()).map((f) => f.getContent()));
  const quotes = fragments.filter((f) => f.isQuoted()).map((f) => f.getContent());

  const visibleLines = visible.split('\n');
  const sig = signatureStart(visibleLines);
  const fresh = (sig >= 0 ? visibleLines.slice(0, sig) : visibleLines).join('\n').trim();
  const signature = sig >= 0 ? visibleLines.slice(sig).join('\n') : '';
  // Nothing of the sender's own: a bare quote or an odd client. Better show everything than an empty message.
  if (!fresh) return { fresh: whole, folded: '' };
  return { fresh, folded: joinParts([...quotes, signature, history]) };
}
