-- Deadline rules as data (the active set; reference/deadlines.json is its default), calendar overrides, the clock
-- of an appeal (pause, extension), inter-agency information requests, and the sweep's narrow queue + flags.
CREATE TABLE "deadline_rule_set" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deadline_rule_set_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"rules" jsonb NOT NULL,
	"source" text NOT NULL,
	"file_hash" text,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deadline_rule_set_source_check" CHECK ("deadline_rule_set"."source" in ('file','admin'))
);
--> statement-breakpoint
ALTER TABLE "deadline_rule_set" ADD CONSTRAINT "deadline_rule_set_saved_by_app_user_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "deadline_stage" (
	"code" text PRIMARY KEY NOT NULL,
	"until" double precision NOT NULL,
	"statuses" text[] NOT NULL
);
--> statement-breakpoint
INSERT INTO "deadline_stage" ("code", "until", "statuses") VALUES
	('moderation', 0.1, '{registered,moderation}'),
	('routing', 0.2, '{routing}'),
	('execution', 0.8, '{in_work,returned}'),
	('approval', 1, '{answer_prepared,answer_approved}');--> statement-breakpoint
CREATE TABLE "calendar_override" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_override_kind_check" CHECK ("calendar_override"."kind" in ('working','holiday','short'))
);
--> statement-breakpoint
ALTER TABLE "calendar_override" ADD CONSTRAINT "calendar_override_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "appeal_clock" (
	"appeal_id" bigint PRIMARY KEY NOT NULL,
	"base_due_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"pause_limit_at" timestamp with time zone,
	"pause_question" text,
	"paused_ms" bigint DEFAULT 0 NOT NULL,
	"extensions" smallint DEFAULT 0 NOT NULL,
	"extended_days" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeal_clock" ADD CONSTRAINT "appeal_clock_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_clock_paused_idx" ON "appeal_clock" USING btree ("pause_limit_at") WHERE "appeal_clock"."paused_at" is not null;--> statement-breakpoint
CREATE TABLE "appeal_info_request" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeal_info_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"body" text NOT NULL,
	"subject" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer_note" text,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "appeal_info_request" ADD CONSTRAINT "appeal_info_request_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_info_request" ADD CONSTRAINT "appeal_info_request_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_info_request_appeal_idx" ON "appeal_info_request" USING btree ("appeal_id");--> statement-breakpoint
-- The sweep's queue: one row per moment still to check (the final due and each stage's end), only for open, running
-- clocks. Narrow and without foreign keys on purpose: the sweep deletes what has passed instead of updating appeal rows
-- (an appeal row carries trigram indexes; touching 1 000 000 of them takes minutes, this takes seconds).
CREATE TABLE "deadline_watch" (
	"appeal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"unit_id" integer,
	"status" text NOT NULL,
	CONSTRAINT "deadline_watch_pk" PRIMARY KEY("appeal_id","kind")
);
--> statement-breakpoint
CREATE INDEX "deadline_watch_at_idx" ON "deadline_watch" USING btree ("at");--> statement-breakpoint
-- A passed deadline, recorded once: the final due ('final') or a stage's end; with the unit and status at that moment.
CREATE TABLE "deadline_flag" (
	"appeal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"flagged_at" timestamp with time zone NOT NULL,
	"unit_id" integer,
	"status" text NOT NULL,
	CONSTRAINT "deadline_flag_pk" PRIMARY KEY("appeal_id","kind")
);
--> statement-breakpoint
ALTER TABLE "regime" DROP COLUMN "deadline";--> statement-breakpoint
CREATE OR REPLACE FUNCTION veche_deadline_watch_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO deadline_watch (appeal_id, kind, at, unit_id, status)
	SELECT i.id, 'final', i.due_at, i.unit_id, i.status FROM inserted i JOIN status s ON s.code = i.status AND s.is_open
	WHERE i.due_at IS NOT NULL
	UNION ALL
	SELECT i.id, g.code, i.registered_at + (i.due_at - i.registered_at) * g.until, i.unit_id, i.status
	FROM inserted i JOIN status s ON s.code = i.status AND s.is_open CROSS JOIN deadline_stage g
	WHERE i.due_at IS NOT NULL AND g.until < 1
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER appeal_deadline_watch AFTER INSERT ON appeal REFERENCING NEW TABLE AS inserted
	FOR EACH STATEMENT EXECUTE FUNCTION veche_deadline_watch_new();--> statement-breakpoint
-- The queue carries the unit and status, kept current by a trigger on re-routing and status changes, so the sweep
-- never joins a million appeal rows; an appeal that is no longer open leaves the queue.
CREATE OR REPLACE FUNCTION veche_deadline_watch_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM status s WHERE s.code = NEW.status AND s.is_open) THEN
		UPDATE deadline_watch SET unit_id = NEW.unit_id, status = NEW.status WHERE appeal_id = NEW.id;
		-- Reopened (e.g. a low rating): the final due is watched again; a flag already recorded stays the only one.
		IF NOT FOUND AND NEW.due_at IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM status s WHERE s.code = OLD.status AND s.is_open)
			AND NOT EXISTS (SELECT 1 FROM appeal_clock c WHERE c.appeal_id = NEW.id AND c.paused_at IS NOT NULL) THEN
			INSERT INTO deadline_watch (appeal_id, kind, at, unit_id, status)
			VALUES (NEW.id, 'final', NEW.due_at, NEW.unit_id, NEW.status) ON CONFLICT DO NOTHING;
		END IF;
	ELSE
		DELETE FROM deadline_watch WHERE appeal_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER appeal_deadline_follow AFTER UPDATE OF unit_id, status ON appeal FOR EACH ROW
	WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION veche_deadline_watch_follow();--> statement-breakpoint
INSERT INTO deadline_watch (appeal_id, kind, at, unit_id, status)
SELECT a.id, 'final', a.due_at, a.unit_id, a.status FROM appeal a JOIN status s ON s.code = a.status AND s.is_open
WHERE a.due_at IS NOT NULL AND a.overdue_at IS NULL;
