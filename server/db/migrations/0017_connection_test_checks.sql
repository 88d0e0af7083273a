-- The latest connection test keeps the provider's answer too, so every admin (and every browser) sees it.
ALTER TABLE "inbox_connection_tests" ADD COLUMN "checks" jsonb DEFAULT '[]'::jsonb NOT NULL;
