-- The all-statuses list, newest first, walks this index and stops at its page instead of sorting every conversation.
CREATE INDEX IF NOT EXISTS "conversations_last_idx" ON "conversations" USING btree ("last_message_at","id");
