// SMS segment arithmetic (3GPP TS 23.038), shared by the composer and the adapter. One character outside the
// GSM-7 alphabet (an emoji, Thai, Persian, curly quotes) switches the whole message to UCS-2, which cuts a
// segment from 160 to 70 units. A long message is sent as concatenated parts whose header costs 7 septets
// (GSM-7) or 3 UTF-16 units (UCS-2); an escaped GSM character or a surrogate pair is never split between parts.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(Array.from(GSM_BASIC));
const extended = new Set(Array.from(GSM_EXTENDED));

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Capacity of one segment at this length: 160/70 for a single part, 153/67 per part once split. */
  perSegment: number;
  /** Units still free in the last segment before another one is needed. */
  remaining: number;
}

export function countSegments(text: string): SegmentCount {
  const gsmCosts: number[] = [];
  for (const ch of text) {
    if (basic.has(ch)) gsmCosts.push(1);
    else if (extended.has(ch)) gsmCosts.push(2);
    else return pack('UCS-2', Array.from(text, (c) => c.length), 70, 67);
  }
  return pack('GSM-7', gsmCosts, 160, 153);
}

/** Fills parts greedily with indivisible characters of the given costs. */
function pack(encoding: SegmentCount['encoding'], costs: number[], single: number, multi: number): SegmentCount {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= single) return { encoding, units, segments: units ? 1 : 0, perSegment: single, remaining: single - units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: multi, remaining: multi - used };
}
