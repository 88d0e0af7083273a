import { describe, expect, it } from 'vitest';
import { countSegments } from '../../channels/sms/segments.js';
import { toE164 } from '../../channels/kit/phone.js';

describe('SMS segment counter', () => {
  it('fits 160 GSM-7 characters in one segment and splits longer text in parts of 153', () => {
    expect(countSegments('')).toMatchObject({ segments: 0, remaining: 160 });
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, remaining: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts GSM extension characters twice and never splits one between parts', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    // 152 septets, then a 2-septet € that cannot straddle the boundary at 153.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(8)}`)).toMatchObject({ units: 162, segments: 2, remaining: 153 - 10 });
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    expect(countSegments(`${'a'.repeat(69)}’`)).toMatchObject({ encoding: 'UCS-2', segments: 1, remaining: 0 });
    expect(countSegments('สวัสดีครับ ขอบคุณ'.repeat(5))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(countSegments('سلام، سفارش شما ارسال شد')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
  });

  it('counts an emoji as two UTF-16 units and keeps its surrogate pair in one part', () => {
    expect(countSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(countSegments(`${'a'.repeat(66)}😀aaa`)).toMatchObject({ units: 71, segments: 2, remaining: 67 - 5 });
  });
});

describe('SMS parts are cut at grapheme boundaries, as carriers cut them', () => {
  // Thai ก is one UCS-2 unit. The cluster starts one unit too late to fit the first 67-unit part, so it moves
  // whole into the second part, which then overflows into a third; splitting it would have made two parts.
  const straddling = (cluster: string) => `${'ก'.repeat(68 - cluster.length)}${cluster}${'ก'.repeat(66)}`;
  const clusters = {
    'emoji with a skin tone': '👍🏽',
    'flag': '🇹🇭',
    'ZWJ family': '👩‍👩‍👧',
    'Thai consonant with a vowel mark': 'กั',
    'e with a combining acute accent': 'e\u0301',
  };
  for (const [name, cluster] of Object.entries(clusters)) {
    it(`keeps the ${name} whole at a part boundary`, () => {
      const text = straddling(cluster);
      expect(text.length).toBe(134);
      expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3, remaining: 67 - (cluster.length + 66 - 67) });
    });
  }

  it('counts the same clusters away from a boundary as their UTF-16 length', () => {
    expect(countSegments(`${'ก'.repeat(60)}👩‍👩‍👧`)).toMatchObject({ units: 68, segments: 1, remaining: 2 });
    expect(countSegments(`${'ก'.repeat(10)}🇹🇭${'ก'.repeat(120)}`)).toMatchObject({ units: 134, segments: 2, remaining: 0 });
  });

  it('gives a cluster longer than a whole part as many parts as it fills', () => {
    const zalgo = `a${'\u0301'.repeat(140)}`; // one grapheme of 141 units
    expect(countSegments(zalgo)).toMatchObject({ units: 141, segments: 3, remaining: 67 * 3 - 141 });
  });
});

describe('E.164 normalisation', () => {
  it('normalises international numbers however they are typed and refuses everything else', () => {
    expect(toE164('+1 (415) 555-0100')).toBe('+14155550100');
    expect(toE164('+66 81 234 5678')).toBe('+66812345678');
    expect(toE164('4155550100')).toBeNull();
    expect(toE164('whatsapp:+14155550100')).toBeNull();
    expect(toE164('ACME')).toBeNull();
  });
});
