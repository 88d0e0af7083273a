/**
 * The log is cut into a fixed number of partitions; a partition is read by one node at a time, in order.
 * Everything about one contact lands in one partition: its own changes, its conversations and their messages
 * (an event with neither key, e.g. an invitation, goes by its type). So a contact change and a message of that
 * contact are never handled side by side, and one conversation's events keep their order. Events already
 * stored keep the partition they were written with.
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
