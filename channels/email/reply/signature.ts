import { cleanLine } from './patterns.js';

// Where the new text of a mail ends and its signature begins: a separator, a client's "Sent from my iPhone"
// (in any language), or a closing ("Regards,") followed by nothing but a short name block.

const SEPARATOR = /^(?:--\s?|-{2,4}|_{2,4}|={2,}|\+{2,4}|_{20,}|-{20,}|[―─—]{4,})$/;

// "Sent from …" only means a signature when the next word names a device or a mail app: "Sent from my desk,
// between meetings" is a sentence, "Sent from my iPhone" is not.
// Words end at a space in the alphabetic languages; Chinese, Thai and Persian app lines may run on without one.
const SENT_FROM = new RegExp('^(?:(?:' + [
  'Sent (?:from|with|via)', // en
  'Von meinem', 'Gesendet (?:von|mit|über)(?: meinem)?', 'Von', // de
  'Envoyé (?:depuis|de|à partir de|avec)', // fr
  'Enviado (?:desde|con|a través de|do|de|pelo|pela|via|com)', // es, pt
  'Inviato (?:da|con|dal|dalla)', // it
  'Verzonden (?:met|vanaf|via)', 'Verstuurd (?:vanaf|met|via)', // nl
  'Wysłane (?:z|ze|przy użyciu)', 'Wysłano (?:z|ze)', // pl
  'Отправлено (?:с|из|со)', // ru
  'Lähetetty', // fi
  'Sendt fra', // no, da
  'Skickat från', // sv
].join('|') + ')\\s+|(?:' + [
  '发自', '發自', '从', '從', // zh
  'ส่งจาก', // th
  'ارسال شده از', 'فرستاده شده از', // fa
].join('|') + ')\\s*)', 'iu');
const POSSESSIVE = /^(?:(?:my|the|mein|meinem|meiner|mon|ma|mi|mio|mia|mijn|meu|minha|min|mitt|mina|mój|mojego|mojej|мой|моего|моей)\s+|我的\s*)/iu;
// The client's own one-line advert: "Get Outlook for iOS", "Gesendet von Outlook für Android" is caught above.
const APP_ADVERT = /^(?:Get Outlook for|Télécharger Outlook pour|Obtenir Outlook pour|Obtener Outlook para|Obter o Outlook para|Baixe o Outlook para|Scarica Outlook per|Ottieni Outlook per|Download Outlook voor|Outlook voor \S+ downloaden|Pobierz (?:aplikację )?Outlook dla|Загрузите Outlook для|Получите Outlook для|Hanki Outlook|Få Outlook for|Hent Outlook til|Skaffa Outlook för|Hämta Outlook för|.{0,30}版 Outlook (?:を入手|获取)|(?:获取|獲取|取得) .{0,30}版 Outlook|รับ Outlook สำหรับ|دریافت Outlook برای)/iu;
const DEVICE_OR_APP = new RegExp('^(?:' + [
  'iPhone', 'iPad', 'iPod', 'Apple Watch', 'Android', 'BlackBerry', 'Samsung', 'Galaxy', 'Huawei', 'Xiaomi', 'OnePlus',
  'Pixel', 'Nokia', 'Motorola', 'Fairphone', 'Windows Phone', 'Outlook', 'Yahoo', 'Mail', 'Gmail', 'TypeApp', 'Spark',
  'BlueMail', 'Blue Mail', 'Proton', 'Zoho', 'AOL', 'GMX', 'WEB\\.DE', 'Edison', 'Airmail', 'myMail', 'Aqua Mail', 'K-9',
  'mobile', 'smartphone', 'phone', 'cell', 'tablet', 'Handy', 'Mobilgerät', 'Mobiltelefon', 'portable', 'móvil', 'celular',
  'cellulare', 'telefono', 'telefone', 'mobiel', 'telefoon', 'smartfon', 'telefon', 'телефон', 'смартфон', 'puhelin',
  'mobil', '手机', '手機', 'โทรศัพท์', 'گوشی', 'موبایل',
].join('|') + ')', 'iu');
// Japanese puts the device first: "iPhoneから送信".
const DEVICE_THEN_SENT = /^(?:iPhone|iPad|Android|スマートフォン|携帯|Outlook|Yahoo).{0,20}から送信$/iu;

export function isDeviceSignature(line: string): boolean {
  const text = cleanLine(line);
  if (text.length > 120) return false;
  if (APP_ADVERT.test(text) || DEVICE_THEN_SENT.test(text)) return true;
  const sent = SENT_FROM.exec(text);
  return Boolean(sent) && DEVICE_OR_APP.test(text.slice(sent![0].length).replace(POSSESSIVE, ''));
}

// Closings that start a signature when only a name block follows.
const CLOSINGS = [
  'Regards', 'Best regards', 'Kind regards', 'Warm regards', 'Best wishes', 'Cheers', 'Sincerely', 'Yours sincerely',
  'Yours truly', 'Best', 'All the best',
  'Mit freundlichen Grüßen', 'Freundliche Grüße', 'Viele Grüße', 'Beste Grüße', 'Liebe Grüße', 'Schöne Grüße', 'Grüße', 'LG', 'MfG', 'VG',
  'Cordialement', 'Bien cordialement', 'Bien à vous', 'Salutations', 'Meilleures salutations', 'Sincères salutations',
  'Saludos', 'Un saludo', 'Saludos cordiales', 'Atentamente', 'Un cordial saludo',
  'Cordiali saluti', 'Distinti saluti', 'Saluti', 'Un saluto', 'Cordialmente',
  'Met vriendelijke groet', 'Met vriendelijke groeten', 'Vriendelijke groet', 'Groeten', 'Groetjes', 'Mvg',
  'Atenciosamente', 'Cumprimentos', 'Abraços', 'Abraço', 'Melhores cumprimentos',
  'Pozdrawiam', 'Z poważaniem', 'Pozdrawiam serdecznie', 'Serdecznie pozdrawiam',
  'С уважением', 'С наилучшими пожеланиями', 'Всего доброго', 'Всего хорошего',
  'Ystävällisin terveisin', 'Terveisin', 'Parhain terveisin', 'Terv',
  'Med vennlig hilsen', 'Vennlig hilsen', 'Hilsen', 'Mvh', 'Med venlig hilsen', 'Venlig hilsen', 'De bedste hilsner',
  'Med vänliga hälsningar', 'Vänliga hälsningar', 'Hälsningar', 'Med vänlig hälsning', 'Vänlig hälsning',
  '以上、よろしくお願いいたします', 'よろしくお願いいたします', 'よろしくお願いします',
  '此致', '此致敬礼', '祝好', '祝商祺', '顺颂商祺',
  'ขอแสดงความนับถือ', 'ด้วยความเคารพ', 'ขอบคุณครับ', 'ขอบคุณค่ะ',
  'با احترام', 'با سپاس', 'ارادتمند', 'با تشکر', 'با سپاس فراوان',
];
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CLOSING = new RegExp(`^(?:${CLOSINGS.map(escape).join('|')})\\s*[,،!.。、！]?$`, 'iu');
const NAME_BLOCK_LINES = 6;
const NAME_BLOCK_WIDTH = 70;

function closesWithNameBlock(lines: string[], i: number): boolean {
  if (!CLOSING.test(cleanLine(lines[i]))) return false;
  const rest = lines.slice(i + 1).map(cleanLine).filter(Boolean);
  return rest.length <= NAME_BLOCK_LINES && rest.every((l) => l.length <= NAME_BLOCK_WIDTH);
}

/** Index of the line where the signature starts, or -1. Line 0 never starts one: that would leave no message. */
export function signatureStart(lines: string[]): number {
  for (let i = 1; i < lines.length; i += 1) {
    const text = cleanLine(lines[i]);
    if (!text) continue;
    if (SEPARATOR.test(lines[i].trim()) || isDeviceSignature(text) || closesWithNameBlock(lines, i)) return i;
  }
  return -1;
}
