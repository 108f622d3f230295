ALTER TABLE "urgent_notice" ADD COLUMN "followed_up_at" timestamp with time zone;--> statement-breakpoint
-- Notices sent before this column existed are not followed up: the follow-up is about the first half hour.
UPDATE "urgent_notice" SET "followed_up_at" = "at";
