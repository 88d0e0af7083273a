import { readFileSync } from 'node:fs';
import { decide } from '../server/bot/kb/decision.js';
import { KbIndex } from '../server/bot/kb/engine.js';
import { botSettingsSchema } from '../server/bot/settings.js';

// `npm run eval:bot`: the labelled question set in bench/bot-eval/ against its 24 articles (en/th/zh/fa),
// through the same index and decision the bot uses. Prints top-1 accuracy on covered questions (the bot
// answered outright with the right article), the rate of confident answers to uncovered questions, a
// breakdown by kind and language, and how often each confidence band was right.

interface EvalArticle { key: string; locale: string; title: string; body: string; questions: string[] }
interface EvalQuestion { q: string; expect: string | null; kind: 'paraphrase' | 'typo' | 'mixed' | 'uncovered' }

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./bot-eval/${name}`, import.meta.url), 'utf8')) as T;
export const evalArticles = read<EvalArticle[]>('articles.json');
export const evalQuestions = read<EvalQuestion[]>('questions.json');

export type Answerer = (question: string) => Promise<{ articleKey: string | null; confidence: number }>;

export function builtInAnswerer(): Answerer {
  const index = new KbIndex(evalArticles.map((a) => ({ ...a, id: a.key })));
  const kb = botSettingsSchema.shape.kb.parse(undefined);
  const thresholds = { answer: kb.answerThreshold, suggest: kb.suggestThreshold, maxOptions: kb.maxOptions };
  return async (question) => {
    const ranked = index.search(question, 5);
    const d = decide(ranked, thresholds);
    return { articleKey: d.kind === 'answer' ? d.best.articleId : null, confidence: ranked[0]?.confidence ?? 0 };
  };
}

const localeOf = (key: string | null) => evalArticles.find((a) => a.key === key)?.locale ?? 'uncovered';
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : 'n/a');

export async function evaluate(name: string, answer: Answerer) {
  const covered = evalQuestions.filter((q) => q.expect);
  const uncovered = evalQuestions.filter((q) => !q.expect);
  const misses: string[] = [];
  const byGroup = new Map<string, { right: number; total: number }>();
  const bands = new Map<string, { right: number; total: number }>();
  let right = 0;
  let wrongAnswers = 0;
  let confidentUncovered = 0;
  for (const q of evalQuestions) {
    const got = await answer(q.q);
    const ok = got.articleKey === q.expect;
    if (q.expect) {
      if (ok) right += 1; else misses.push(`  ${q.kind.padEnd(10)} ${q.q}  → ${got.articleKey ?? 'no answer'} (want ${q.expect})`);
      if (!ok && got.articleKey) wrongAnswers += 1;
    } else if (got.articleKey) {
      confidentUncovered += 1;
      misses.push(`  uncovered  ${q.q}  → answered ${got.articleKey}`);
    }
    for (const key of [`kind ${q.kind}`, `lang ${localeOf(q.expect)}`]) {
      const g = byGroup.get(key) ?? { right: 0, total: 0 };
      g.total += 1; if (ok) g.right += 1;
      byGroup.set(key, g);
    }
    if (got.articleKey) {
      const band = `${(Math.floor(Math.min(got.confidence, 0.999) * 10) / 10).toFixed(1)}–${(Math.floor(Math.min(got.confidence, 0.999) * 10) / 10 + 0.1).toFixed(1)}`;
      const b = bands.get(band) ?? { right: 0, total: 0 };
      b.total += 1; if (ok) b.right += 1;
      bands.set(band, b);
    }
  }
  console.log(`\n## ${name}: ${evalQuestions.length} questions (${covered.length} covered, ${uncovered.length} uncovered), ${evalArticles.length} articles`);
  console.log(`top-1 accuracy on covered questions: ${right}/${covered.length} = ${pct(right, covered.length)}`);
  console.log(`confident answers to uncovered questions: ${confidentUncovered}/${uncovered.length} = ${pct(confidentUncovered, uncovered.length)}`);
  console.log(`wrong article answered to covered questions: ${wrongAnswers}/${covered.length} = ${pct(wrongAnswers, covered.length)}`);
  console.log('by group (right / total, "right" on uncovered = no answer):');
  for (const [key, g] of [...byGroup].sort()) console.log(`  ${key.padEnd(16)} ${g.right}/${g.total} = ${pct(g.right, g.total)}`);
  console.log('answers by confidence band (share right):');
  for (const [band, b] of [...bands].sort()) console.log(`  ${band}  ${b.right}/${b.total} = ${pct(b.right, b.total)}`);
  if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
  return {
    name, covered: covered.length, uncovered: uncovered.length,
    top1: right / covered.length, confidentUncovered: confidentUncovered / uncovered.length,
  };
}

const results = [await evaluate('built-in engine', builtInAnswerer())];
console.log(JSON.stringify(results.map((r) => ({ ...r, top1: Number(r.top1.toFixed(4)), confidentUncovered: Number(r.confidentUncovered.toFixed(4)) }))));
