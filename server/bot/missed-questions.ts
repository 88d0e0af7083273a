import { Analyser } from './kb/analyse.js';

// The questions the bot missed, grouped the way the matcher sees them: "How do I get a refund?" and "refund
// please" carry the same terms once question words, stems and synonyms are applied, so they are one group,
// shown as its most asked wording with the others listed under it.

export interface AskedQuestion { question: string; count: number; lastAskedAt: Date }
export interface QuestionGroup { question: string; count: number; lastAskedAt: string; variants: string[] }

const MAX_GROUPS = 100;
const MAX_VARIANTS = 10;

export function groupQuestions(asked: AskedQuestion[]): QuestionGroup[] {
  const analyser = new Analyser();
  const groups = new Map<string, { members: AskedQuestion[]; count: number; last: Date }>();
  for (const q of asked) {
    const terms = [...new Set(analyser.terms(q.question))].sort();
    const key = terms.length ? terms.join(' ') : q.question.trim().toLowerCase();
    const g = groups.get(key) ?? { members: [], count: 0, last: q.lastAskedAt };
    g.members.push(q);
    g.count += q.count;
    if (q.lastAskedAt > g.last) g.last = q.lastAskedAt;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || b.last.getTime() - a.last.getTime())
    .slice(0, MAX_GROUPS)
    .map((g) => {
      const [top, ...rest] = [...g.members].sort((a, b) => b.count - a.count);
      return { question: top.question, count: g.count, lastAskedAt: g.last.toISOString(), variants: rest.slice(0, MAX_VARIANTS).map((m) => m.question) };
    });
}
