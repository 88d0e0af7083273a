// The assignment decision, free of I/O so its fairness can be simulated over thousands of conversations.

export type AssignmentMode = 'round_robin' | 'balanced';

export interface Candidate {
  agentId: string;
  /** Open conversations the agent holds now. */
  openCount: number;
  /** Most open conversations they may hold; null = unlimited. */
  capacity: number | null;
  /** When they last got one, as a sequence number (-1 = never): lower goes first. */
  turn: number;
}

/**
 * Round-robin: the agent whose turn is oldest, skipping anyone at capacity.
 * Balanced: the agent with the lowest load relative to capacity, then the oldest turn.
 * Ties break on agent id, so the same inputs always give the same answer.
 */
export function pickAssignee(candidates: Candidate[], mode: AssignmentMode): string | null {
  const free = candidates.filter((c) => c.capacity === null || c.openCount < c.capacity);
  if (!free.length) return null;
  const load = (c: Candidate) => (c.capacity ? c.openCount / c.capacity : c.openCount);
  free.sort((a, b) => {
    if (mode === 'balanced' && load(a) !== load(b)) return load(a) - load(b);
    if (a.turn !== b.turn) return a.turn - b.turn;
    return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
  });
  return free[0].agentId;
}
