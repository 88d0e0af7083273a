// Every table, gathered for Drizzle's client and drizzle-kit. Each table is defined beside the service that owns
// it (server/<noun>/schema.ts); only app-wide settings live here.
export * from './settings.js';
export * from '../../agents/schema.js';
export * from '../../inboxes/schema.js';
export * from '../../contacts/schema.js';
export * from '../../conversations/schema.js';
export * from '../../messages/schema.js';
export * from '../../catalog/schema.js';
export * from '../../automation/schema.js';
export * from '../../bot/schema.js';
export * from '../../crm/schema.js';
export * from '../../integrations/slack/schema.js';
export * from '../../conversations/transfer/schema.js';
export * from '../../events/schema.js';
export * from '../../inboxes/test-connection-schema.js';
export * from '../../onboarding/schema.js';
