-- The appeal history is the audit log and the citizen-visible record: once written it never changes.
CREATE OR REPLACE FUNCTION veche_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Таблица % только для добавления: изменять и удалять записи нельзя', TG_TABLE_NAME
    USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER appeal_event_append_only BEFORE UPDATE OR DELETE ON appeal_event
  FOR EACH ROW EXECUTE FUNCTION veche_forbid_change();
--> statement-breakpoint
CREATE TRIGGER pd_access_log_append_only BEFORE UPDATE OR DELETE ON pd_access_log
  FOR EACH ROW EXECUTE FUNCTION veche_forbid_change();
