-- Operators search the registry by any fragment of the text, the address or the number
-- (GET /api/appeals?q=…, ILIKE '%…%'): trigram GIN indexes make that an index scan instead of
-- reading every appeal. pg_trgm is a trusted extension (PostgreSQL ≥ 13) and is loaded into PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS appeal_text_trgm_idx ON appeal USING gin (text gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS appeal_address_trgm_idx ON appeal USING gin (address_text gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS appeal_reg_number_trgm_idx ON appeal USING gin (reg_number gin_trgm_ops);
