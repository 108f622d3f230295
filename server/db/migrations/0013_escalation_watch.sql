CREATE TABLE "calendar_day" (
	"day" date PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"ord" integer NOT NULL,
	"work_start" timestamp with time zone,
	"work_end" timestamp with time zone,
	"approx" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_ladder" (
	"code" text PRIMARY KEY NOT NULL,
	"ord" integer NOT NULL,
	"share" double precision,
	"days_left" integer,
	"overdue_days" integer
);
--> statement-breakpoint
CREATE TABLE "escalation_watch" (
	"appeal_id" bigint NOT NULL,
	"step" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "escalation_watch_appeal_id_step_pk" PRIMARY KEY("appeal_id","step")
);
--> statement-breakpoint
CREATE INDEX "calendar_day_working_ord_idx" ON "calendar_day" USING btree ("ord") WHERE "calendar_day"."working";--> statement-breakpoint
CREATE INDEX "escalation_watch_at_idx" ON "escalation_watch" USING btree ("at");--> statement-breakpoint
-- Each ladder step's moment for every open appeal with a running clock (one definition for the triggers and re-arming;
-- the same rules as stepPoint in server/modules/escalation/ladder.ts, checked against it by tests/escalation-queue.test.ts):
-- a share of the term; the start of the n-th last working day up to the due day (the due day counts when it is a working
-- day); the due moment itself; the end of the n-th working day after the due day. Working days come from calendar_day.
CREATE VIEW "escalation_point" AS
SELECT a.id AS appeal_id, l.code AS step, a.due_at,
	CASE
		WHEN l.share IS NOT NULL THEN a.registered_at + (a.due_at - a.registered_at) * l.share
		WHEN l.overdue_days = 0 THEN a.due_at
		WHEN l.days_left IS NOT NULL THEN w.work_start
		ELSE w.work_end
	END AS at
FROM appeal a
JOIN status s ON s.code = a.status AND s.is_open
CROSS JOIN escalation_ladder l
LEFT JOIN calendar_day d ON d.day = (a.due_at AT TIME ZONE 'Europe/Moscow')::date
LEFT JOIN calendar_day w ON w.working AND w.ord = d.ord + coalesce(1 - l.days_left, l.overdue_days)
WHERE a.due_at IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM appeal_clock c WHERE c.appeal_id = a.id AND c.paused_at IS NOT NULL);
--> statement-breakpoint
-- Re-arms the queue of the given appeals: their rows are replaced by the steps still ahead (a step already recorded for
-- the same due moment is not armed again). A closed or paused appeal ends up with no rows.
CREATE OR REPLACE FUNCTION veche_escalation_rearm(ids bigint[]) RETURNS void LANGUAGE sql AS $$
	DELETE FROM escalation_watch WHERE appeal_id = ANY(ids);
	INSERT INTO escalation_watch (appeal_id, step, due_at, at)
	SELECT p.appeal_id, p.step, p.due_at, p.at FROM escalation_point p
	WHERE p.appeal_id = ANY(ids) AND p.at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM escalation_step e
			WHERE e.appeal_id = p.appeal_id AND e.due_at = p.due_at AND e.step = p.step)
	ON CONFLICT DO NOTHING;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION veche_escalation_watch_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO escalation_watch (appeal_id, step, due_at, at)
	SELECT p.appeal_id, p.step, p.due_at, p.at FROM escalation_point p
	WHERE p.appeal_id IN (SELECT i.id FROM inserted i WHERE i.due_at IS NOT NULL) AND p.at IS NOT NULL
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER appeal_escalation_watch AFTER INSERT ON appeal REFERENCING NEW TABLE AS inserted
	FOR EACH STATEMENT EXECUTE FUNCTION veche_escalation_watch_new();--> statement-breakpoint
-- A new due moment (an extension, a resumed clock), a new registration moment, or the appeal closing or reopening
-- re-arms its queue; a move between two open statuses changes nothing.
CREATE OR REPLACE FUNCTION veche_escalation_watch_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.registered_at IS DISTINCT FROM NEW.registered_at
		OR (SELECT s.is_open FROM status s WHERE s.code = OLD.status)
			IS DISTINCT FROM (SELECT s.is_open FROM status s WHERE s.code = NEW.status) THEN
		PERFORM veche_escalation_rearm(ARRAY[NEW.id]);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER appeal_escalation_follow AFTER UPDATE OF due_at, registered_at, status ON appeal FOR EACH ROW
	WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.registered_at IS DISTINCT FROM NEW.registered_at
		OR OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION veche_escalation_watch_follow();
