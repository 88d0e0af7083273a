// Conversations have no counter of their own; the first eight characters of the id are what agents quote
// ("#3f2a9c1d"), the same short form the SLA screen links with.
export const conversationRef = (id: string): string => `#${id.slice(0, 8)}`;
