-- Registration in autocommit mode (one statement, no BEGIN/COMMIT round trips) must not leave a gap in
-- the numbers when a concurrent delivery of the same item wins the race: the statement calls this
-- function for such an item, the error rolls the whole statement back (counter increment included), and
-- the caller retries — the retry then finds the item registered. SQLSTATE class 40: "roll back and retry".
CREATE OR REPLACE FUNCTION veche_registration_race() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'concurrent registration of the same item; retry' USING ERRCODE = '40V01';
END
$$;
