// Every UI string lives in the locale files: each key used in the source exists in English, and th, zh-CN and
// fa translate every English key (with the same {placeholders}).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../agent-ui/src');
const load = (l: string) => JSON.parse(readFileSync(path.join(SRC, 'i18n/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const en = load('en');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('locales', () => {
  it('has an English string for every literal key the code uses', () => {
    const missing = new Set<string>();
    for (const f of files(SRC)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) if (!(m[1] in en)) missing.add(`${m[1]} (${path.basename(f)})`);
      for (const m of text.matchAll(/(?:label|title|intro|empty): '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) if (!(m[1] in en)) missing.add(`${m[1]} (${path.basename(f)})`);
      // Keys held in tables (tabs, operators, field lists) of the sales and operations screens.
      for (const m of text.matchAll(/(?<!labelFor\(t, )'((?:crm|ops)\.[a-zA-Z]+\.[a-zA-Z.]+)'/g)) if (!(m[1] in en)) missing.add(`${m[1]} (${path.basename(f)})`);
      // Keys built from a prefix and a value (t(`ops.groupBy.${g}`), labelFor(t, 'crm.campaignStatus', s)): the family must exist.
      for (const m of text.matchAll(/\bt\(`([a-zA-Z.]+)\.\$\{|labelFor\(t, '([a-zA-Z.]+)'/g)) {
        const prefix = `${m[1] ?? m[2]}.`;
        if (!Object.keys(en).some((k) => k.startsWith(prefix))) missing.add(`${prefix}* (${path.basename(f)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('leaves no hard-coded English text in the sales and operations screens', () => {
    const found: string[] = [];
    const screens = [...files(path.join(SRC, 'features/crm')), ...files(path.join(SRC, 'features/ops'))].filter((f) => f.endsWith('.tsx'));
    for (const f of screens) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\b(?:aria-label|placeholder|title|alt)="([^"]*[A-Za-z]{2,}[^"]*)"/g)) found.push(`${path.basename(f)}: ${m[1]}`);
      // Text between JSX tags (skipping expressions and arrow functions, which hold no literal text).
      for (const m of text.matchAll(/>([^<>{}=();]*[A-Za-z]{3,}[^<>{}=();]*)</g)) found.push(`${path.basename(f)}: ${m[1].trim()}`);
    }
    expect(found).toEqual([]);
  });

  for (const locale of ['th', 'zh-CN', 'fa']) {
    it(`${locale} translates every key with the same placeholders`, () => {
      const dict = load(locale);
      expect(Object.keys(en).filter((k) => !(k in dict))).toEqual([]);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
      expect(Object.keys(en).filter((k) => placeholders(en[k]) !== placeholders(dict[k] ?? ''))).toEqual([]);
      // Not just copied: most strings differ from English.
      const same = Object.keys(en).filter((k) => dict[k] === en[k] && /[a-z]{4}/.test(en[k]));
      expect(same.length).toBeLessThan(Object.keys(en).length * 0.1);
    });
  }
});
