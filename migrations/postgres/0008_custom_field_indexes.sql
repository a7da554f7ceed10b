-- Custom-field values read as numbers (filters, sorts, and the per-workspace indexes of
-- records/custom_field_indexes.*). A plain cast (custom::jsonb->>'score')::double precision raises an
-- error on text, and an index that evaluates it makes the write fail: these return NULL for anything
-- that is not a JSON number of the type, so no stored value can make a read or a write fail.
-- PL/pgSQL (no EXCEPTION block, which would open a subtransaction per row) parses the JSON once a call.
CREATE OR REPLACE FUNCTION rapport_cf_number(v jsonb) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  n numeric;
BEGIN
  IF jsonb_typeof(v) <> 'number' THEN
    RETURN NULL;
  END IF;
  n := v::numeric;
  IF abs(n) > 1e308 THEN
    RETURN NULL;  -- beyond double precision
  END IF;
  IF abs(n) < 1e-307 THEN
    RETURN 0;  -- below double precision (the cast would raise "out of range")
  END IF;
  RETURN n::double precision;
END
$$;

CREATE OR REPLACE FUNCTION rapport_cf_integer(v jsonb) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  n numeric;
BEGIN
  IF jsonb_typeof(v) <> 'number' THEN
    RETURN NULL;
  END IF;
  n := v::numeric;
  IF n <> trunc(n) OR n < -9223372036854775808 OR n > 9223372036854775807 THEN
    RETURN NULL;
  END IF;
  RETURN n::bigint;
END
$$;

-- Before, one index per object and field name was shared by every workspace and cast without a
-- guard; they are dropped here and the server creates each definition's own indexes at start
-- (records::sync_custom_field_indexes).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'cf\_%' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I', r.indexname);
  END LOOP;
END
$$;
