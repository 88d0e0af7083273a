ALTER TABLE "messages" ADD COLUMN "origin_key" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_origin_key_uq" ON "messages" ("origin_key") WHERE "origin_key" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "bot_events" ADD COLUMN "origin_key" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "bot_events_origin_key_uq" ON "bot_events" ("origin_key") WHERE "origin_key" IS NOT NULL;
