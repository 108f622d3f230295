CREATE TABLE "urgent_notice" (
	"appeal_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "urgent_notice_appeal_id_unit_id_pk" PRIMARY KEY("appeal_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_check";--> statement-breakpoint
CREATE INDEX "appeal_urgent_status_idx" ON "appeal" USING btree ("status") WHERE "appeal"."urgent";--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_kind_check" CHECK ("notification"."kind" in ('escalation','manual','digest','urgent'));