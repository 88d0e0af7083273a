-- What the agent says about themselves (online / away / busy), apart from whether a socket is open:
-- auto-assignment gives new conversations only to agents who are connected AND online.
ALTER TABLE "agents" ADD COLUMN "availability" text DEFAULT 'online' NOT NULL;
