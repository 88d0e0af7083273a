// Room names in one place: listeners emit to them, socket handlers join them.
export const rooms = {
  inbox: (inboxId: string) => `inbox:${inboxId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  visitor: (inboxId: string, contactId: string) => `visitor:${inboxId}:${contactId}`,
};
