import { describe, expect, it } from 'vitest';
import { identifierHash, verifyIdentifier } from '../../server/webchat/identity.js';
import { availability, readWidgetSettings, typeAllowed, withinBusinessHours } from '../../server/webchat/settings.js';

// The published test vectors (widget/README.md): site back ends check their HMAC code against these.
const SECRET = 'sb-test-identity-secret-0001';

describe('widget identity HMAC', () => {
  it('matches RFC 4231 test case 2 (so it is plain HMAC-SHA256, hex)', () => {
    expect(identifierHash('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('matches the published Switchboard vectors, including non-ASCII identifiers (UTF-8)', () => {
    expect(identifierHash(SECRET, 'user-42')).toBe('c1b3e545e4725d27753caaf0110c2176388d3dde6df9209eaa2480dde4388301');
    expect(identifierHash(SECRET, 'ユーザー🙂')).toBe('6c3794b951c586ceef5a91e6fe46834890344bd6355ed0ec46024633b1ddb61b');
  });

  it('verifies the right hash (any case) and rejects forged, truncated or missing ones', () => {
    const good = 'c1b3e545e4725d27753caaf0110c2176388d3dde6df9209eaa2480dde4388301';
    expect(verifyIdentifier(SECRET, 'user-42', good)).toBe(true);
    expect(verifyIdentifier(SECRET, 'user-42', good.toUpperCase())).toBe(true);
    expect(verifyIdentifier(SECRET, 'user-43', good)).toBe(false);
    expect(verifyIdentifier(SECRET, 'user-42', good.slice(0, 63) + '0')).toBe(false);
    expect(verifyIdentifier(SECRET, 'user-42', good.slice(0, 32))).toBe(false);
    expect(verifyIdentifier(SECRET, 'user-42', undefined)).toBe(false);
    expect(verifyIdentifier(undefined, 'user-42', good)).toBe(false);
  });
});

describe('widget settings', () => {
  const hours = { businessHours: { enabled: true, timeZone: 'Asia/Bangkok', days: { mon: [{ open: '09:00', close: '17:00' }], sat: [{ open: '22:00', close: '02:00' }] } } };

  it('evaluates business hours in the inbox time zone, including windows across midnight', () => {
    const s = readWidgetSettings({ widget: hours });
    expect(withinBusinessHours(s, new Date('2026-11-23T03:00:00Z'))).toBe(true); // Mon 10:00 in Bangkok
    expect(withinBusinessHours(s, new Date('2026-11-23T11:00:00Z'))).toBe(false); // Mon 18:00
    expect(withinBusinessHours(s, new Date('2026-11-28T16:30:00Z'))).toBe(true); // Sat 23:30
    expect(withinBusinessHours(s, new Date('2026-11-24T03:00:00Z'))).toBe(false); // Tue: closed
  });

  it('goes offline without agents only when asked to', () => {
    const MONDAY_NOON = new Date('2026-11-23T05:00:00Z'); // no hours are set, so any time answers the same
    const s = readWidgetSettings({ widget: {} });
    expect(availability(s, 0, MONDAY_NOON).online).toBe(true);
    expect(availability({ ...s, offlineWhenNoAgents: true }, 0, MONDAY_NOON).online).toBe(false);
    expect(availability({ ...s, offlineWhenNoAgents: true }, 2, MONDAY_NOON).online).toBe(true);
  });

  it('drops only the invalid fields of stored settings', () => {
    const s = readWidgetSettings({ widget: { color: 'red; background:url(x)', greeting: 'Hi' } });
    expect(s.color).toBeUndefined();
    expect(s.greeting).toBe('Hi');
  });

  it('matches attachment type patterns', () => {
    expect(typeAllowed(['image/*', 'application/pdf'], 'image/PNG')).toBe(true);
    expect(typeAllowed(['image/*', 'application/pdf'], 'text/html')).toBe(false);
  });
});
