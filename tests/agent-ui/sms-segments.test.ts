import { describe, expect, it } from 'vitest';
import { smsInfo } from '../../agent-ui/src/thread/sms.js';

describe('SMS segment counter', () => {
  it('counts GSM-7 up to 160 in one segment, then 153 per segment', () => {
    expect(smsInfo('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, remaining: 0 });
    expect(smsInfo('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, remaining: 2 * 153 - 161 });
    expect(smsInfo('')).toMatchObject({ segments: 0 });
  });

  it('counts GSM extension characters (€, [, ]) as two septets', () => {
    expect(smsInfo('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsInfo('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', units: 162, segments: 2 });
  });

  it('switches the whole message to UCS-2 for Thai, Persian or emoji (70, then 67 per segment)', () => {
    expect(smsInfo('สวัสดี')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsInfo('a'.repeat(70))).toMatchObject({ encoding: 'GSM-7' });
    expect(smsInfo('a'.repeat(69) + 'ی')).toMatchObject({ encoding: 'UCS-2', segments: 1, remaining: 0 });
    expect(smsInfo('a'.repeat(70) + 'ی')).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    // An emoji outside the BMP is two UTF-16 units.
    expect(smsInfo('😀')).toMatchObject({ encoding: 'UCS-2', units: 2 });
  });
});
