ALTER TABLE "messages" ADD COLUMN "origin_key" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_origin_key_uq" ON "messages" ("origin_key") WHERE "origin_key" IS NOT NULL;
