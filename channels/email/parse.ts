import type { ParsedMail } from 'mailparser';
import { MAX_INLINED_IMAGES } from './config.js';
import { htmlToPlainText } from './html.js';

/** Raw mail bytes (SMTP DATA or an IMAP fetch) to a parsed mail whose text decodes without replacement marks. */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  // The charset pass (mailsplit, chardet, iconv-lite: about half a megabyte) loads with the first mail, as mailparser does.
  const { normaliseCharsets } = await import('./charsets.js');
  let normalised = raw;
  try {
    normalised = await normaliseCharsets(raw);
  } catch {
    // MIME too broken to rebuild: mailparser is more forgiving, and a mail read imperfectly beats a lost one.
  }
  // The text of HTML-only mail is made by mailText() for every HTML-only shape, not only the ones mailparser converts.
  // mailparser is loaded with the first mail rather than at start-up, which it would slow by a good part of a second.
  const { simpleParser } = await import('mailparser');
  return simpleParser(normalised, { maxInlinedImagesSize: MAX_INLINED_IMAGES, skipHtmlToText: true });
}

/** The mail's text: its text part, or for HTML-only mail (however nested) the HTML made readable. */
export function mailText(mail: ParsedMail): string {
  if (mail.text?.trim()) return mail.text;
  return mail.html ? htmlToPlainText(mail.html) : '';
}
