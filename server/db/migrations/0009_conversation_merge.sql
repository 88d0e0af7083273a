ALTER TABLE "conversations" ADD COLUMN "merged_into_id" uuid;
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_merged_into_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "external_id" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_inbox_external_uq" ON "conversations" USING btree ("inbox_id","external_id");
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "contact_last_read_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "merged_from_id" uuid;
--> statement-breakpoint
CREATE INDEX "messages_merged_from_idx" ON "messages" USING btree ("merged_from_id") WHERE merged_from_id IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "conversation_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"primary_id" uuid NOT NULL,
	"secondary_id" uuid NOT NULL,
	"merged_by_id" uuid,
	"snapshot" jsonb NOT NULL,
	"undo_until" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_merges" ADD CONSTRAINT "conversation_merges_primary_id_fk" FOREIGN KEY ("primary_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "conversation_merges" ADD CONSTRAINT "conversation_merges_secondary_id_fk" FOREIGN KEY ("secondary_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "conversation_merges" ADD CONSTRAINT "conversation_merges_merged_by_id_fk" FOREIGN KEY ("merged_by_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "conversation_merges_primary_idx" ON "conversation_merges" USING btree ("primary_id","created_at");
--> statement-breakpoint
CREATE INDEX "conversation_merges_secondary_idx" ON "conversation_merges" USING btree ("secondary_id");
--> statement-breakpoint
CREATE TABLE "conversation_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"format" text NOT NULL,
	"filters" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "conversation_exports" ADD CONSTRAINT "conversation_exports_agent_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "conversation_export_chunks" (
	"export_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" bytea NOT NULL,
	CONSTRAINT "conversation_export_chunks_pk" PRIMARY KEY("export_id","seq")
);
--> statement-breakpoint
ALTER TABLE "conversation_export_chunks" ADD CONSTRAINT "conversation_export_chunks_export_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."conversation_exports"("id") ON DELETE cascade ON UPDATE no action;
