import { z } from 'zod';

/** The inbox list's filters, as the list route, the export route and the command-line export all accept them. */
export const listQuery = z.object({
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).optional(),
  inboxId: z.string().uuid().optional(),
  assigneeId: z.union([z.string().uuid(), z.literal('me'), z.literal('none')]).optional(),
  teamId: z.string().uuid().optional(),
  label: z.string().max(100).optional(),
  contactId: z.string().uuid().optional(),
  q: z.string().max(500).optional(),
  sort: z.enum(['newest', 'oldest', 'priority']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** An export's filters: the list's, without paging. */
export const exportFilter = listQuery.omit({ cursor: true, limit: true });
