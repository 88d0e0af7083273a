// @mentions in private notes: find the token being typed and which agents a
// finished note mentions. Names may contain spaces, so we match known names
// instead of guessing where a mention ends.
import type { Agent } from '../api/types';

/** The "@partial" immediately before the caret, or null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]{0,30})$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

export function mentionedAgentIds(text: string, agents: Agent[]): string[] {
  const ids = new Set<string>();
  let rest = text;
  // Longest names first, and a matched mention is blanked out, so "@Ann Lee" does not also mention "@Ann".
  for (const a of [...agents].sort((x, y) => y.name.length - x.name.length)) {
    const needle = `@${a.name}`;
    let i = rest.indexOf(needle);
    while (i >= 0) {
      const before = i === 0 ? ' ' : rest[i - 1];
      const after = rest[i + needle.length] ?? ' ';
      if (/\s/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
        ids.add(a.id);
        rest = rest.slice(0, i) + ' '.repeat(needle.length) + rest.slice(i + needle.length);
      }
      i = rest.indexOf(needle, i + 1);
    }
  }
  return [...ids];
}

/** The "/shortcut" being typed at the very start of the composer, or null. */
export function cannedQuery(text: string): string | null {
  const m = /^\/([\w-]*)$/u.exec(text);
  return m ? m[1] : null;
}
