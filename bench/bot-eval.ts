import { readFileSync } from 'node:fs';
import { pickPassages } from '../server/bot/flows/generative.js';
import { decide } from '../server/bot/kb/decision.js';
import { KbIndex } from '../server/bot/kb/engine.js';
import { LlmError } from '../server/bot/llm/chat.js';
import { groundedAnswer } from '../server/bot/llm/grounded.js';
import { detectLocale } from '../server/bot/locale.js';
import { botSettingsSchema } from '../server/bot/settings.js';
import { startLlmStandIn } from '../tests/support/llm-stand-in.js';

// `npm run eval:bot`: the labelled question set in bench/bot-eval/ against its 24 articles (en/th/zh/fa),
// through the same index and decision the bot uses. Prints top-1 accuracy on covered questions (the bot
// answered outright with the right article), the rate of confident answers to uncovered questions, a
// breakdown by kind and language, and how often each confidence band was right. Then the same with generative
// answers through the local chat-completions stand-in (tests/support/llm-stand-in.ts): retrieval, prompt, HTTP,
// parsing, grounding checks and fallbacks are the bot's own; the stand-in is a cautious word-matching reader,
// not a language model, so those figures measure the pipeline, not a model's judgement.

interface EvalArticle { key: string; locale: string; title: string; body: string; questions: string[] }
interface EvalQuestion { q: string; expect: string | null; kind: 'paraphrase' | 'typo' | 'mixed' | 'uncovered' }

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./bot-eval/${name}`, import.meta.url), 'utf8')) as T;
export const evalArticles = read<EvalArticle[]>('articles.json');
export const evalQuestions = read<EvalQuestion[]>('questions.json');

export type Answerer = (question: string) => Promise<{ articleKey: string | null; confidence: number }>;

const index = new KbIndex(evalArticles.map((a) => ({ ...a, id: a.key })));
const kb = botSettingsSchema.shape.kb.parse(undefined);
const thresholds = { answer: kb.answerThreshold, suggest: kb.suggestThreshold, maxOptions: kb.maxOptions };
const byKey = new Map(evalArticles.map((a) => [a.key, a]));

export function builtInAnswerer(): Answerer {
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

/** As the bot does it (server/bot/flows/kb.ts): passages first, the model's answer or refusal, the built-in answer on failure. */
function modelAnswerer(baseUrl: string, stats: { calls: number; fallbacks: number }): Answerer {
  const builtIn = builtInAnswerer();
  const endpoint = { baseUrl, model: 'stand-in', timeoutMs: 5_000, allowPrivate: true }; // the stand-in listens on 127.0.0.1
  return async (question) => {
    const ranked = index.search(question, 5).map((m) => ({ ...m, article: byKey.get(m.articleId)! }));
    const { found, passages } = pickPassages(ranked, kb.suggestThreshold);
    if (!found.length) return { articleKey: null, confidence: 0 };
    stats.calls += 1;
    try {
      const reply = await groundedAnswer(endpoint, question, detectLocale(question) ?? 'en', passages);
      if (reply.kind === 'refuse') return { articleKey: null, confidence: 0 };
      const hit = found[passages.indexOf(reply.passage)];
      return { articleKey: hit.articleId, confidence: hit.confidence };
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      stats.fallbacks += 1;
      return builtIn(question);
    }
  };
}

const results = [await evaluate('built-in engine', builtInAnswerer())];
const standIn = await startLlmStandIn();
const stats = { calls: 0, fallbacks: 0 };
results.push(await evaluate('generative answers, local stand-in model', modelAnswerer(standIn.baseUrl, stats)));
console.log(`stand-in: ${stats.calls} chat-completions calls, ${stats.fallbacks} fell back to the built-in answer`);
await standIn.close();
console.log(JSON.stringify(results.map((r) => ({ ...r, top1: Number(r.top1.toFixed(4)), confidentUncovered: Number(r.confidentUncovered.toFixed(4)) }))));
