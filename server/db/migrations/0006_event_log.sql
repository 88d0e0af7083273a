CREATE TABLE "events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"partition" smallint NOT NULL,
	"conversation_id" uuid,
	"contact_id" uuid,
	"inbox_id" uuid,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "events_id_uq" ON "events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "events_partition_position_idx" ON "events" USING btree ("partition","position");--> statement-breakpoint
CREATE TABLE "event_offsets" (
	"consumer" text NOT NULL,
	"partition" smallint NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"types" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_offsets_pk" PRIMARY KEY("consumer","partition")
);
--> statement-breakpoint
CREATE TABLE "event_dead_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer" text NOT NULL,
	"event_position" bigint NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_dead_letters" ADD CONSTRAINT "event_dead_letters_event_position_events_position_fk" FOREIGN KEY ("event_position") REFERENCES "public"."events"("position") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_dead_letters_consumer_event_uq" ON "event_dead_letters" USING btree ("consumer","event_position");--> statement-breakpoint
CREATE TABLE "event_effects" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_effects_pk" PRIMARY KEY("consumer","event_id")
);
