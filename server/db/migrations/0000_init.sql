CREATE TABLE "answer" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "answer_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'prepared' NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"delivered_at" timestamp with time zone,
	"delivered_via" text,
	CONSTRAINT "answer_status_check" CHECK ("answer"."status" in ('prepared','approved','returned'))
);
--> statement-breakpoint
CREATE TABLE "appeal_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeal_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_user_id" uuid,
	"from_status" text,
	"to_status" text,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	CONSTRAINT "appeal_event_actor_check" CHECK ("appeal_event"."actor_kind" in ('user','citizen','system'))
);
--> statement-breakpoint
CREATE TABLE "appeal" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeal_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"reg_number" text NOT NULL,
	"regime" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"address_text" text,
	"lat" double precision,
	"lon" double precision,
	"district_code" text,
	"sector_code" text,
	"topic_code" text,
	"unit_id" integer,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"urgent" boolean DEFAULT false NOT NULL,
	"is_collective" boolean DEFAULT false NOT NULL,
	"tracking_code_hash" text NOT NULL,
	"answered_at" timestamp with time zone,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "appeal_reg_number_unique" UNIQUE("reg_number"),
	CONSTRAINT "appeal_rating_check" CHECK ("appeal"."rating" between 1 and 5),
	CONSTRAINT "appeal_lat_check" CHECK ("appeal"."lat" between -90 and 90),
	CONSTRAINT "appeal_lon_check" CHECK ("appeal"."lon" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "applicant" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applicant_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"full_name" text,
	"phone" text,
	"email" text,
	"postal_address" text,
	"handle" text
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attachment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reg_counter" (
	"regime" text NOT NULL,
	"year" smallint NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reg_counter_regime_year_pk" PRIMARY KEY("regime","year")
);
--> statement-breakpoint
CREATE TABLE "district" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"center_lat" double precision NOT NULL,
	"center_lon" double precision NOT NULL,
	"polygon" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "street" (
	"name" text PRIMARY KEY NOT NULL,
	"short_name" text NOT NULL,
	"district_code" text NOT NULL,
	"points" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"district_code" text,
	"email" text,
	"phone" text,
	"head_name" text,
	"working_hours" text,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "unit_code_unique" UNIQUE("code"),
	CONSTRAINT "unit_kind_check" CHECK ("unit"."kind" in ('administration','territorial','municipal_enterprise','regional','other')),
	CONSTRAINT "unit_level_check" CHECK ("unit"."level" in ('municipal','regional'))
);
--> statement-breakpoint
CREATE TABLE "channel" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"default_regime" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regime" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"deadline" jsonb NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "regime_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "sector" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_transition" (
	"action" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"roles" text[] NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "status_transition_action_from_status_pk" PRIMARY KEY("action","from_status")
);
--> statement-breakpoint
CREATE TABLE "status" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"public_name" text NOT NULL,
	"is_final" boolean DEFAULT false NOT NULL,
	"is_open" boolean DEFAULT true NOT NULL,
	"sort" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic" (
	"code" text PRIMARY KEY NOT NULL,
	"sector_code" text NOT NULL,
	"name" text NOT NULL,
	"totko" text,
	"sort" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pd_access_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pd_access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"appeal_id" bigint,
	"action" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"full_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" integer,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "app_user_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"singleton_key" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_state_check" CHECK ("job"."state" in ('queued','running','done','dead'))
);
--> statement-breakpoint
ALTER TABLE "answer" ADD CONSTRAINT "answer_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer" ADD CONSTRAINT "answer_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer" ADD CONSTRAINT "answer_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_event" ADD CONSTRAINT "appeal_event_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_event" ADD CONSTRAINT "appeal_event_actor_user_id_app_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_regime_regime_code_fk" FOREIGN KEY ("regime") REFERENCES "public"."regime"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_channel_channel_code_fk" FOREIGN KEY ("channel") REFERENCES "public"."channel"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_district_code_district_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."district"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_sector_code_sector_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sector"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_topic_code_topic_code_fk" FOREIGN KEY ("topic_code") REFERENCES "public"."topic"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_status_status_code_fk" FOREIGN KEY ("status") REFERENCES "public"."status"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicant" ADD CONSTRAINT "applicant_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street" ADD CONSTRAINT "street_district_code_district_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."district"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_district_code_district_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."district"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_transition" ADD CONSTRAINT "status_transition_from_status_status_code_fk" FOREIGN KEY ("from_status") REFERENCES "public"."status"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_transition" ADD CONSTRAINT "status_transition_to_status_status_code_fk" FOREIGN KEY ("to_status") REFERENCES "public"."status"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic" ADD CONSTRAINT "topic_sector_code_sector_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sector"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_access_log" ADD CONSTRAINT "pd_access_log_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_appeal_idx" ON "answer" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "appeal_event_appeal_idx" ON "appeal_event" USING btree ("appeal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_channel_external_uq" ON "appeal" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "appeal_registered_at_idx" ON "appeal" USING btree ("registered_at");--> statement-breakpoint
CREATE INDEX "appeal_status_due_idx" ON "appeal" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "appeal_unit_status_idx" ON "appeal" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "appeal_sector_idx" ON "appeal" USING btree ("sector_code","registered_at");--> statement-breakpoint
CREATE INDEX "appeal_rated_at_idx" ON "appeal" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "appeal_answered_at_idx" ON "appeal" USING btree ("answered_at");--> statement-breakpoint
CREATE INDEX "applicant_appeal_idx" ON "applicant" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "applicant_phone_idx" ON "applicant" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "attachment_appeal_idx" ON "attachment" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "pd_access_log_appeal_idx" ON "pd_access_log" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "job_due_idx" ON "job" USING btree ("state","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_singleton_uq" ON "job" USING btree ("singleton_key") WHERE "job"."singleton_key" is not null;