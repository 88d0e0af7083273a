import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmailInbox } from '../../channels/email/config.js';
import { toInboundMessage } from '../../channels/email/inbound.js';
import { parseMail } from '../../channels/email/parse.js';
import { EmailTokens } from '../../channels/email/tokens.js';
import { clientFixtures } from '../fixtures/mail/clients.js';

// The mail corpus (tests/fixtures/mail): one reply per client and language built from the clients' layouts, plus
// hand-written .eml files for signatures, forwards, charsets and HTML-only mail. Each goes through the same path
// as received mail (charset repair, mailparser, text for HTML, folding) and must come out as its expected text.

const CASES = new URL('../fixtures/mail/cases/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, CASES));
const caseNames = readdirSync(CASES).filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -4)).sort();

interface Fixture { name: string; group: string; raw: Buffer; expected: string; subject?: string }

const fixtures: Fixture[] = [
  ...clientFixtures.map((f) => ({ name: f.name, group: f.client, raw: f.raw, expected: f.expected })),
  ...caseNames.map((name) => {
    const subjectFile = caseNames.includes(name) && readdirSync(CASES).includes(`${name}.subject.txt`) ? `${name}.subject.txt` : null;
    return {
      name, group: 'cases', raw: read(`${name}.eml`), expected: read(`${name}.expected.txt`).toString('utf8').trimEnd(),
      subject: subjectFile ? read(subjectFile).toString('utf8').trimEnd() : undefined,
    };
  }),
];

const inbox: EmailInbox = {
  id: '00000000-0000-4000-8000-000000000001', name: 'Support', channel: 'email', widgetKey: null, botEnabled: false, teamId: null,
  config: { address: 'support@shop.test', replyTokens: true },
};
const tokens = new EmailTokens(Buffer.alloc(32, 1));

async function visible(f: Fixture) {
  const mail = await parseMail(f.raw);
  const message = toInboundMessage(mail, inbox, tokens, { via: 'smtp' });
  return { body: message?.body ?? '', subject: mail.subject ?? '', folded: String(message?.meta?.quotedText ?? '') };
}

const results = new Map<string, boolean>();

describe('mail corpus: the visible text of every client, language, charset and layout', () => {
  it('holds one reply per client for each of the 17 languages, and the hand-written cases', () => {
    expect(new Set(clientFixtures.map((f) => f.language)).size).toBe(17);
    expect(caseNames.length).toBeGreaterThanOrEqual(25);
  });

  for (const f of fixtures) {
    it(f.name, async () => {
      const got = await visible(f);
      results.set(`${f.group}/${f.name}`, got.body === f.expected && (!f.subject || got.subject === f.subject));
      expect(got.body).toBe(f.expected);
      if (f.subject) expect(got.subject).toBe(f.subject);
      expect(got.body).not.toContain('\ufffd');
      // Nothing is dropped: what is not shown is folded, and a reply built with a quote has one.
      if (f.group !== 'cases') expect(got.folded.length).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    const groups = new Map<string, [number, number]>();
    for (const [key, ok] of results) {
      const group = key.split('/')[0];
      const [pass, total] = groups.get(group) ?? [0, 0];
      groups.set(group, [pass + (ok ? 1 : 0), total + 1]);
    }
    const pass = [...results.values()].filter(Boolean).length;
    const lines = [...groups].map(([g, [p, t]]) => `  ${g}: ${p}/${t}`);
    console.log(`mail corpus: ${pass}/${results.size} right (${((100 * pass) / Math.max(1, results.size)).toFixed(1)} %)\n${lines.join('\n')}`);
  });
});
