// What the bot does with a ranking: answer outright when the best article covers enough of the question and
// clearly beats the runner-up; offer the top few as choices when something matched but not convincingly;
// otherwise admit there is no answer.

/** How far ahead of the runner-up the best article must be to be answered outright. */
const WINNER_MARGIN = 0.1;

export interface Thresholds { answer: number; suggest: number; maxOptions: number }

export type KbDecision<T> =
  | { kind: 'answer'; best: T }
  | { kind: 'suggest'; options: T[] }
  | { kind: 'none'; best?: T };

export function decide<T extends { confidence: number }>(ranked: T[], t: Thresholds): KbDecision<T> {
  const [best, second] = ranked;
  if (!best) return { kind: 'none' };
  const clearWinner = !second || second.confidence <= best.confidence - WINNER_MARGIN || second.confidence < t.answer;
  if (best.confidence >= t.answer && clearWinner) return { kind: 'answer', best };
  const options = ranked.filter((r) => r.confidence >= t.suggest).slice(0, t.maxOptions);
  if (options.length) return { kind: 'suggest', options };
  return { kind: 'none', best };
}
