-- The latest connection test per inbox, and who dismissed the onboarding checklist.
CREATE TABLE "inbox_connection_tests" (
  "inbox_id" uuid PRIMARY KEY NOT NULL REFERENCES "inboxes"("id") ON DELETE CASCADE,
  "ok" boolean NOT NULL,
  "checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onboarding_dismissals" (
  "agent_id" uuid PRIMARY KEY NOT NULL REFERENCES "agents"("id") ON DELETE CASCADE,
  "dismissed_at" timestamp with time zone NOT NULL
);
