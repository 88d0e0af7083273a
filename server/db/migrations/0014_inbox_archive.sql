-- An archived inbox keeps its conversations for reading but takes no new messages from any channel.
ALTER TABLE "inboxes" ADD COLUMN "archived_at" timestamp with time zone;
