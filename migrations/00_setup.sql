-- 00_setup: extensions, the six service schemas, per-service roles, shared functions.
--
-- Service roles (the recipe the upstream README points at):
--   * one LOGIN role per service, created here without a password. Set one per
--     environment, outside version control:  ALTER ROLE render_svc PASSWORD '…';
--   * each role gets USAGE on its own schema and DML on its tables, sequences and
--     types, through ALTER DEFAULT PRIVILEGES, so tables created by later migrations
--     (run by the same owner) are covered without a grant per table;
--   * no role gets anything on another service's schema (cross-service data moves
--     through events, and the one hard FK is checked as the table owner).
--
-- Files carry no BEGIN/COMMIT: the runner applies each file in its own transaction.

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE SCHEMA identity;
CREATE SCHEMA content;
CREATE SCHEMA studio;
CREATE SCHEMA render;
CREATE SCHEMA file_mgr;
CREATE SCHEMA notification;

-- Roles are cluster-wide while this file runs once per database: a second
-- database on the same server (a test clone, a demo copy) must find them already there.
DO $roles$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['identity_svc', 'content_svc', 'studio_svc', 'render_svc', 'file_svc', 'notification_svc'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', r);
    END IF;
  END LOOP;
END
$roles$;

DO $grants$
DECLARE
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[
    ['identity', 'identity_svc'],
    ['content', 'content_svc'],
    ['studio', 'studio_svc'],
    ['render', 'render_svc'],
    ['file_mgr', 'file_svc'],
    ['notification', 'notification_svc']
  ] LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON TYPES TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO %I', pair[1], pair[2]);
    -- citext, set_updated_at() and ensure_monthly_partition() live in public.
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', pair[2]);
  END LOOP;
END
$grants$;

-- Kept by the tg_<table>_updated_at triggers that every table with updated_at has.
CREATE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := NOW();
  RETURN NEW;
END
$fn$;

-- Creates the monthly partition <table>_YYYY_MM of a table partitioned by range on a
-- timestamptz column, for the month that contains `month`, and returns it. Idempotent
-- and safe to call from several sessions at once. Month bounds are UTC midnights, so
-- the partition layout does not depend on the session's TimeZone.
--
-- Improvement over a plain CREATE TABLE … PARTITION OF: rows that already landed in
-- the table's _default partition for that month are moved into the new partition
-- (PostgreSQL would otherwise refuse to create it: "updated partition constraint for
-- default partition would be violated").
CREATE FUNCTION public.ensure_monthly_partition(parent regclass, month date) RETURNS regclass
LANGUAGE plpgsql AS $fn$
DECLARE
  v_schema text;
  v_table text;
  v_name text;
  v_key text;
  v_default regclass;
  v_from timestamptz := (date_trunc('month', month)::timestamp AT TIME ZONE 'UTC');
  v_to timestamptz := ((date_trunc('month', month) + interval '1 month')::timestamp AT TIME ZONE 'UTC');
  v_part regclass;
BEGIN
  SELECT n.nspname, c.relname, a.attname, NULLIF(pt.partdefid, 0)::regclass
    INTO v_schema, v_table, v_key, v_default
    FROM pg_catalog.pg_partitioned_table pt
    JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
   WHERE pt.partrelid = parent AND pt.partstrat = 'r';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ensure_monthly_partition: % is not a table partitioned by range', parent
      USING HINT = 'Pass identity.tenant_api_request_logs or render.node_health_logs (or another RANGE-partitioned table).';
  END IF;

  v_name := format('%s_%s', v_table, to_char(month, 'YYYY_MM'));
  -- Serialise creators of this one partition; a loser finds it made and returns it.
  PERFORM pg_advisory_xact_lock(hashtext(format('%I.%I', v_schema, v_name)));
  v_part := to_regclass(format('%I.%I', v_schema, v_name));
  IF v_part IS NOT NULL THEN
    RETURN v_part;
  END IF;

  EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_schema, v_name, parent);
  IF v_default IS NOT NULL THEN
    EXECUTE format(
      'WITH moved AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I.%I SELECT * FROM moved',
      v_default, v_key, v_from, v_key, v_to, v_schema, v_name);
  END IF;
  EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
    parent, v_schema, v_name, v_from, v_to);
  RETURN format('%I.%I', v_schema, v_name)::regclass;
END
$fn$;
