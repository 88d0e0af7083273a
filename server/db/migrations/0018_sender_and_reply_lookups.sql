-- Ingest looks up a sender's latest open conversation in an inbox on every message: keyed by contact and inbox and
-- ordered by the last message, the newest is the first entry, whatever the planner knows of the table.
DROP INDEX IF EXISTS "conversations_contact_idx";--> statement-breakpoint
CREATE INDEX "conversations_contact_idx" ON "conversations" USING btree ("contact_id","inbox_id","last_message_at");--> statement-breakpoint
-- Lead scoring asks, for every incoming message, for our last public reply before it. Only such replies are in
-- this index, so a customer's own messages cost it nothing and the look-up no longer walks the whole thread.
CREATE INDEX "messages_public_outgoing_idx" ON "messages" USING btree ("conversation_id","created_at") WHERE direction = 'outgoing' AND private = false;
