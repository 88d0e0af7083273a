// SMS segment arithmetic (3GPP TS 23.038), shared by the composer and the adapter. One character outside the
// GSM-7 alphabet (an emoji, Thai, Persian, curly quotes) switches the whole message to UCS-2, which cuts a
// segment from 160 to 70 units. A long message is sent as concatenated parts whose header costs 7 septets
// (GSM-7) or 3 UTF-16 units (UCS-2). Carriers never split a user-perceived character between parts: not an
// escaped GSM character, and not a grapheme cluster (a surrogate pair, an emoji with a skin tone, a flag, a ZWJ
// family, Thai "กั", e + U+0301), so the parts are cut at grapheme boundaries (Intl.Segmenter).

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

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function gsmCost(cluster: string): number | null {
  let cost = 0;
  for (const ch of cluster) {
    if (basic.has(ch)) cost += 1;
    else if (extended.has(ch)) cost += 2;
    else return null;
  }
  return cost;
}

export function countSegments(text: string): SegmentCount {
  const clusters = Array.from(graphemes.segment(text), (s) => s.segment);
  const gsmCosts: number[] = [];
  for (const cluster of clusters) {
    const cost = gsmCost(cluster);
    if (cost === null) return pack('UCS-2', clusters.map((c) => c.length), 70, 67);
    gsmCosts.push(cost);
  }
  return pack('GSM-7', gsmCosts, 160, 153);
}

/**
 * Fills parts greedily with indivisible clusters of the given costs. A cluster longer than a whole part (dozens
 * of combining marks) cannot stay whole anywhere; it takes as many full parts as it needs.
 */
function pack(encoding: SegmentCount['encoding'], costs: number[], single: number, multi: number): SegmentCount {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= single) return { encoding, units, segments: units ? 1 : 0, perSegment: single, remaining: single - units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used > 0 && used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
    while (used > multi) {
      segments += 1;
      used -= multi;
    }
  }
  return { encoding, units, segments, perSegment: multi, remaining: multi - used };
}
