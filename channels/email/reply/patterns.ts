// How mail clients mark an earlier message, a forward and a signature, in the languages our customers write in
// (en, de, fr, es, it, nl, pt, pl, ru, fi, no, da, sv, ja, zh, th, fa). Lines are matched after cleanLine():
// bidi marks removed, "*bold*" markers (Gmail's plain text of Outlook's HTML) and surrounding dashes taken off.

const alternation = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A line as the patterns see it. */
export function cleanLine(line: string): string {
  return line.replace(BIDI, '').replace(/\u00a0/g, ' ').trim();
}

/** Zoho and some webmails wrap the attribution in dashes: "---- On … wrote ----". */
const stripDashes = (line: string) => line.replace(/^-{2,}\s*/, '').replace(/\s*-{2,}$/, '');

// "On <date>, <name> wrote:" in each language (Gmail, Apple Mail, Thunderbird, Yahoo, Zoho wordings). The colon is
// optional where clients drop it. Each pattern is one logical line; wrapped ones are joined before matching.
const ATTRIBUTIONS: RegExp[] = [
  /^(?:On|At)\s.{4,300}\swrote:?$/i, // en
  /^.{2,300}\swrote:$/i, // en, Thunderbird's "Ana wrote:" and Outlook for Mac
  /^Am\s.{4,300}\s(?:schrieb|geschrieben)\b.{0,200}:?$/i, // de (Gmail, Apple, Thunderbird, Yahoo "hat … Folgendes geschrieben")
  /^.{2,300}\sschrieb(?:\sam\s.{2,100})?:$/i, // de, "Ana <a@b> schrieb:"
  /^Le\s.{4,300}\sa\s[ée]crit\s?:?$/i, // fr
  /^.{2,300}\sa\s[ée]crit\s?:$/i, // fr, without the date first
  /^El\s.{4,300}\sescribi[óo]:?$/i, // es
  /^.{2,300}\sescribi[óo]:$/i, // es
  /^(?:Il|In data)\s.{4,300}\sha scritto:?$/i, // it
  /^.{2,300}\sha scritto:$/i, // it
  /^Op\s.{4,300}\s(?:schreef|het volgende geschreven)\b.{0,200}:?$/i, // nl
  /^.{2,300}\sschreef:$/i, // nl
  /^(?:Em|No dia)\s.{4,300}\sescreveu:?$/i, // pt
  /^.{2,300}\sescreveu:$/i, // pt
  /^(?:W dniu|Dnia)\s.{4,300}\s(?:pisze|napisał(?:\(a\)|a)?):?$/iu, // pl
  /^.{4,300}\s(?:pisze|napisał(?:\(a\)|a)?):$/iu, // pl (Gmail puts the date first without "W dniu")
  /^Wiadomość napisana przez\s.{2,300}:$/iu, // pl, Apple Mail
  /^.{4,300}\s(?:пишет|написал(?:\(а\)|а)?):$/iu, // ru
  /^.{2,80}\d{4}\sг\.,?\sв\s\d{1,2}:\d{2},?\s.{2,200}:$/u, // ru, Gmail: "пн, 3 мар. 2025 г. в 10:00, Ana <a@b>:"
  /^.{2,300}\skirjoitti\b.{0,120}:?$/iu, // fi
  /^.{4,300}\sskrev\b.{0,200}:$/iu, // no, da, sv
  /^.{4,300}(?:のメッセージ|のメール|さんは書きました)[:：]$/u, // ja
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,200}[:：]$/u, // ja, Gmail: "2025年3月3日(月) 10:00 Ana <a@b>:"
  /^在.{2,300}(?:写道|寫道)[:：]?$/u, // zh
  /^.{2,300}(?:写道|寫道)[:：]$/u, // zh, "Ana <a@b> 于2025年3月3日周一 10:00写道："
  /^เมื่อ.{2,300}เขียนว่า\s?[:：]?$/u, // th
  /^.{2,300}เขียนว่า\s?[:：]$/u, // th
  /^در\s.{2,300}نوشت\s?[:：]?$/u, // fa
  /^.{2,300}\sنوشت\s?[:：]$/u, // fa
];

/** How a wrapped attribution's first line begins: a lead word, or an address cut after its "<". */
const ATTRIBUTION_LEAD = /^(?:(?:On|At|Le|Am|El|Il|In data|Op|Em|No dia|W dniu|Dnia|Den)\s|在|เมื่อ|در\s)|<[^>]*$/iu;
export const opensAttribution = (line: string) => ATTRIBUTION_LEAD.test(stripDashes(cleanLine(line)));

/** Attribution lines only count as such when they name someone: an address, a date or a time. */
const NAMES_SOMEONE = /@|\p{Nd}/u;

export function isAttribution(line: string): boolean {
  const clean = cleanLine(line);
  const text = stripDashes(clean);
  if (text.length > 400 || !NAMES_SOMEONE.test(text)) return false;
  // Between dashes the line needs no colon to be unmistakable: "---- On … wrote ----".
  const forms = text === clean ? [text] : [text, `${text}:`];
  return forms.some((form) => ATTRIBUTIONS.some((re) => re.test(form)));
}

// Outlook's (desktop, web, mobile) header block of the earlier message, labels in each language.
const FROM = ['From', 'Von', 'De', 'Van', 'Da', 'Od', 'От', 'Lähettäjä', 'Fra', 'Från', '差出人', '发件人', '寄件者', 'จาก', 'از'];
const SENT = [
  'Sent', 'Date', 'Gesendet', 'Datum', 'Envoyé', 'Envoyé le', 'Enviado', 'Enviado el', 'Fecha', 'Inviato', 'Data',
  'Verzonden', 'Enviada em', 'Wysłano', 'Wysłane', 'Отправлено', 'Дата', 'Lähetetty', 'Päivämäärä', 'Sendt', 'Dato',
  'Skickat', '送信日時', '日付', '发送时间', '日期', '寄件日期', 'ส่ง', 'วันที่', 'ارسال شده', 'تاریخ',
];
const OTHER = [
  ...SENT,
  'To', 'Subject', 'Cc', 'An', 'Betreff', 'À', 'A', 'Objet', 'Para', 'Asunto', 'Oggetto', 'Aan', 'Onderwerp', 'Assunto',
  'Do', 'Temat', 'DW', 'Кому', 'Тема', 'Копия', 'Vastaanottaja', 'Aihe', 'Til', 'Emne', 'Till', 'Ämne', 'Kopia',
  '宛先', '件名', '收件人', '主题', '抄送', '收件者', '主旨', 'ถึง', 'เรื่อง', 'به', 'موضوع',
];
const label = (words: string[]) => new RegExp(`^\\*{0,2}\\s*(?:${alternation(words)})\\s*\\*{0,2}\\s*[:：]`, 'iu');
const FROM_LABEL = label(FROM);
const SENT_LABEL = label(SENT);
const OTHER_LABEL = label(OTHER);
const HEADER_LOOKAHEAD = 6;

/**
 * "From: … / Sent: … / To: … / Subject: …" (also "*From:*", "De :", wrapped lines), From first. It must name a
 * mailbox or a date soon after, so a customer describing a parcel label ("From: Berlin / To: Paris") is no quote.
 */
export function startsHeaderBlock(lines: string[], i: number): boolean {
  const first = cleanLine(lines[i]);
  if (!FROM_LABEL.test(first)) return false;
  const next = lines.slice(i + 1, i + 1 + HEADER_LOOKAHEAD).map(cleanLine);
  const dated = next.some((l) => SENT_LABEL.test(l) && /\p{Nd}/u.test(l));
  const addressed = /@|mailto:/i.test(first) && next.some((l) => OTHER_LABEL.test(l));
  return dated || addressed;
}

// "-----Original Message-----" and its translations.
const ORIGINAL = [
  'Original Message', 'Ursprüngliche Nachricht', "Message d'origine", 'Mensaje original', 'Messaggio originale',
  'Oorspronkelijk bericht', 'Origineel bericht', 'Mensagem original', 'Wiadomość oryginalna', 'Oryginalna wiadomość',
  'Исходное сообщение', 'Alkuperäinen viesti', 'Opprinnelig melding', 'Oprindelig meddelelse', 'Oprindelig besked',
  'Ursprungligt meddelande', 'Originalmeddelande', '元のメッセージ', '原始邮件', '原始郵件', 'ข้อความต้นฉบับ', 'پیام اصلی',
];
const ORIGINAL_SEPARATOR = new RegExp(`^-{2,}\\s*(?:${alternation(ORIGINAL)})\\s*-*$`, 'iu');
const OUTLOOK_RULE = /^_{10,}$/;

export function isOriginalMessageSeparator(lines: string[], i: number): boolean {
  const line = cleanLine(lines[i]);
  if (ORIGINAL_SEPARATOR.test(line)) return true;
  // Outlook draws a rule above the header block; a rule alone is a signature separator, not a quote.
  return OUTLOOK_RULE.test(line) && lines.slice(i + 1, i + 4).some((_, k) => startsHeaderBlock(lines, i + 1 + k));
}

// A forward is the customer handing us someone else's mail: all of it is the message.
const FORWARDED = [
  'Forwarded message', 'Forwarded Message', 'Weitergeleitete Nachricht', 'Message transféré', 'Mensaje reenviado',
  'Messaggio inoltrato', 'Doorgestuurd bericht', 'Mensagem encaminhada', 'Mensagem reencaminhada',
  'Wiadomość przekazana', 'Przekazana wiadomość', 'Пересылаемое сообщение', 'Välitetty viesti', 'Videresendt melding',
  'Videresendt meddelelse', 'Vidarebefordrat meddelande', '転送されたメッセージ', '转发的邮件', '已转发邮件', '轉寄的郵件',
  'ข้อความที่ส่งต่อ', 'پیام بازارسال شده', 'پیام هدایت شده',
];
const BEGIN_FORWARDED = [
  'Begin forwarded message', 'Anfang der weitergeleiteten Nachricht', 'Début du message réexpédié',
  'Début du message transféré', 'Inicio del mensaje reenviado', 'Comienzo del mensaje reenviado',
  'Inizio messaggio inoltrato', 'Begin doorgestuurd bericht', 'Início da mensagem reencaminhada',
  'Início da mensagem encaminhada', 'Początek przekazywanej wiadomości', 'Начало переадресованного сообщения',
  'Välitetty viesti alkaa', 'Videresendt melding', 'Start på videresendt besked', 'Vidarebefordrat mejl',
  '転送されたメッセージ', '以下为转发邮件', 'เริ่มข้อความที่ส่งต่อ', 'شروع پیام بازارسال شده',
];
const FORWARD_MARKER = new RegExp(
  `^(?:-{2,}\\s*(?:${alternation(FORWARDED)})\\s*-*|(?:${alternation(BEGIN_FORWARDED)})\\s*[:：]?)$`, 'iu');
const FORWARD_SUBJECT = /^\s*(?:Fwd?|FW|WG|TR|RV|ENC|I|Doorst|PD|VB|VL|Пересл|Fw|転送|转发|轉寄|ส่งต่อ|باز ?ارسال|هدایت)\s*[:：]/iu;

export const isForwardMarker = (line: string) => FORWARD_MARKER.test(cleanLine(line));
export const isForwardSubject = (subject: string) => FORWARD_SUBJECT.test(subject);
