// Agents who put the onboarding checklist away: it is theirs to dismiss, not the whole team's.
import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agents } from '../agents/schema.js';

export const onboardingDismissals = pgTable('onboarding_dismissals', {
  agentId: uuid('agent_id').primaryKey().references(() => agents.id, { onDelete: 'cascade' }),
  dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull(),
});
