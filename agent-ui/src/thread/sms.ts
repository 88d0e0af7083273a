// SMS segment arithmetic (3GPP TS 23.038). Agents see how many segments a reply
// costs before they send it; one non-GSM character (an emoji, Thai, Persian)
// switches the whole message to UCS-2 and cuts a segment from 160 to 70.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(Array.from(GSM_BASIC));
const extended = new Set(Array.from(GSM_EXTENDED));

export interface SmsInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Units used: septets for GSM-7 (extension chars count 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  perSegment: number;
  /** Units left in the current segment before another is needed. */
  remaining: number;
}

export function smsInfo(text: string): SmsInfo {
  let gsm = true;
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return segmentInfo('GSM-7', septets, 160, 153);
  // UCS-2 on the wire is UTF-16: characters outside the BMP (most emoji) take two units.
  return segmentInfo('UCS-2', text.length, 70, 67);
}

function segmentInfo(encoding: SmsInfo['encoding'], units: number, single: number, multi: number): SmsInfo {
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remaining: single };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single, remaining: single - units };
  const segments = Math.ceil(units / multi);
  return { encoding, units, segments, perSegment: multi, remaining: segments * multi - units };
}
