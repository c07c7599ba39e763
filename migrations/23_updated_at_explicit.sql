-- 23_updated_at_explicit: set_updated_at() keeps an updated_at the UPDATE sets itself.
-- [designed] Backfills, imports and seeders replay history: an UPDATE that says when it
-- happened (SET …, updated_at = '2026-05-01 10:00+03:30') must keep that time, or every
-- replayed change would be stamped with the wall clock of the replay. An UPDATE that does
-- not touch updated_at still gets NOW(), as before (so a replay that means to keep a row's
-- time must move it, if only by a microsecond).
CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := NOW();
  END IF;
  RETURN NEW;
END
$fn$;
