ALTER TABLE "unit" ADD COLUMN "head_position" text;--> statement-breakpoint
ALTER TABLE "unit" ADD COLUMN "contacts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "unit" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "unit" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "unit" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_id_unit_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" DROP CONSTRAINT "unit_level_check";--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_level_check" CHECK ("unit"."level" in ('municipal','regional','federal'));--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_check" CHECK ("unit"."parent_id" <> "unit"."id");--> statement-breakpoint
CREATE TABLE "responsibility_rule" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "responsibility_rule_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"position" integer NOT NULL,
	"sector_code" text,
	"topic_code" text,
	"district_code" text,
	"object_type" text,
	"unit_id" integer NOT NULL,
	"co_executor_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"deputy_user_id" uuid,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_sector_code_sector_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sector"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_topic_code_topic_code_fk" FOREIGN KEY ("topic_code") REFERENCES "public"."topic"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_district_code_district_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."district"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_deputy_user_id_app_user_id_fk" FOREIGN KEY ("deputy_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rule" ADD CONSTRAINT "responsibility_rule_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "responsibility_rule_position_idx" ON "responsibility_rule" USING btree ("position");--> statement-breakpoint
CREATE TABLE "appeal_co_executor" (
	"appeal_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_co_executor_appeal_id_unit_id_pk" PRIMARY KEY("appeal_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "appeal_co_executor" ADD CONSTRAINT "appeal_co_executor_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_co_executor" ADD CONSTRAINT "appeal_co_executor_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_co_executor_unit_idx" ON "appeal_co_executor" USING btree ("unit_id","appeal_id");
