// Every UI string lives in the locale files: each key used in the source exists in English, and th, zh-CN and
// fa translate every English key (with the same {placeholders}), and no screen shows English text outside t().
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
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

// Brand, product and technical words that read the same in every locale; nothing else may be left in English.
const SAME_EVERYWHERE = new Set(['Switchboard', 'SMS', 'API', 'Slack', 'URL', 'UTM', 'SLA', 'PDF', 'CSV', 'Twilio', 'SID', 'Telegram',
  'Messenger', 'WhatsApp', 'LINE', 'Webhook', 'HTTPS', 'SMTP', 'IMAP', 'ID']);
const untranslatable = (s: string) => (s.replace(/\{\w+\}/g, ' ').match(/[A-Za-z][A-Za-z-]*/g) ?? []).every((w) => SAME_EVERYWHERE.has(w));

// Exact literals a screen may show untranslated: names, example addresses and formats typed by the admin.
const LITERAL_OK = new Set(['Switchboard', 'https://', 'https://www.example.com', 'name@example.com', 'TH', 'Alt+']);
const TEXT_PROPS = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label']);

/** JSX text and text-bearing attributes holding Latin words that do not go through t() (a key as a value is fine). */
function untranslatedText(source: string, fileName: string): string[] {
  const found: string[] = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const leftover = (s: string) => /[A-Za-z]{2,}/.test(s) && !LITERAL_OK.has(s.trim()) && !(s in en);
  // String literals an expression shows as they are: the value itself, either branch of a ?:, either side of && || ??.
  const literals = (e: ts.Expression | undefined): string[] => {
    if (!e) return [];
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isParenthesizedExpression(e)) return literals(e.expression);
    if (ts.isConditionalExpression(e)) return [...literals(e.whenTrue), ...literals(e.whenFalse)];
    if (ts.isBinaryExpression(e) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) return [...literals(e.left), ...literals(e.right)];
    return [];
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && leftover(node.text)) found.push(`text: ${node.text.trim()}`);
    if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const s of literals(node.expression)) if (leftover(s)) found.push(`text: ${s}`);
    }
    if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const values = ts.isStringLiteral(init) ? [init.text] : ts.isJsxExpression(init) ? literals(init.expression) : [];
      for (const s of values) if (leftover(s)) found.push(`${node.name.getText(file)}: ${s}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
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

  for (const locale of ['th', 'zh-CN', 'fa']) {
    it(`${locale} translates every key with the same placeholders`, () => {
      const dict = load(locale);
      expect(Object.keys(en).filter((k) => !(k in dict))).toEqual([]);
      expect(Object.keys(dict).filter((k) => !(k in en))).toEqual([]);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
      expect(Object.keys(en).filter((k) => placeholders(en[k]) !== placeholders(dict[k] ?? ''))).toEqual([]);
      // Not copied: a value may equal the English one only when all its words are brand or technical names.
      expect(Object.keys(en).filter((k) => dict[k] === en[k] && !untranslatable(en[k])).map((k) => `${k}: ${en[k]}`)).toEqual([]);
    });
  }

  it('finds no English text outside t() in any screen', () => {
    const found = files(SRC).filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => untranslatedText(readFileSync(f, 'utf8'), f).map((s) => `${path.relative(SRC, f)}: ${s}`));
    expect(found).toEqual([]);
  });

  it('the scanner reports a leftover English string and lets keys, names and code through', () => {
    const sample = [
      "export function Sample({ t, n }: any) {",
      "  return (",
      "    <section aria-label={t('thread.messages')} title=\"thread.messages\">",
      "      <h2>{t('thread.empty')}</h2>",
      "      <p>Save changes</p>",
      "      <input placeholder=\"Search contacts\" />",
      "      <img alt={'Company logo'} src=\"/x.png\" />",
      "      <span>{n > 1 ? 'Several' : t('thread.bot')}</span>",
      "      <b>Switchboard</b> <i>{n}</i> <code>https://</code>",
      "      {(items as Promise<string[]>) && null}",
      "    </section>",
      "  );",
      "}",
    ].join('\n');
    expect(untranslatedText(sample, 'sample.tsx')).toEqual(['text: Save changes', 'placeholder: Search contacts', 'alt: Company logo', 'text: Several']);
    expect(untranslatable('SMS')).toBe(true);
    expect(untranslatable('{count}+')).toBe(true);
    expect(untranslatable('Twilio auth token')).toBe(false);
  });
});
