ALTER TABLE "appeal" ADD COLUMN "duplicate_of" bigint;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_duplicate_of_appeal_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_duplicate_of_idx" ON "appeal" USING btree ("duplicate_of") WHERE "appeal"."duplicate_of" is not null;--> statement-breakpoint
CREATE INDEX "applicant_email_idx" ON "applicant" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "applicant_handle_idx" ON "applicant" USING btree ("handle");--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_duplicate_of_check" CHECK ("appeal"."duplicate_of" <> "appeal"."id");