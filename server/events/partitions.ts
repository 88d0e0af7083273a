/**
 * The log is cut into a fixed number of partitions; a partition is read by one node at a time, in order.
 * Everything about one conversation lands in one partition (else one contact), so it is handled in order.
 */
export const PARTITIONS = 32;

/** FNV-1a: stable across nodes and releases (the partition of stored events must never move). */
export function partitionOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % PARTITIONS;
}

export const ALL_PARTITIONS = Array.from({ length: PARTITIONS }, (_, i) => i);
