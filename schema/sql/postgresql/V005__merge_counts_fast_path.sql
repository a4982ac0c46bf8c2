-- merge_counts (V002) has a subquery, so PostgreSQL cannot inline it: every updated balance row
-- paid a SQL function call and a small aggregation, about 12 µs, some 15% of the balance upsert.
-- Nearly every row counts one factor set, and the lists the writer stores and sends are already
-- normalized (no zero counts, ids in order), so the common shapes are now one expression, which
-- the planner inlines into the upsert; anything else goes to the old body under a new name.
ALTER FUNCTION merge_counts(text, text) RENAME TO merge_counts_general;

CREATE FUNCTION merge_counts(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN b = '' THEN a
        WHEN a = '' THEN b
        WHEN strpos(a, ';') = 0 AND strpos(b, ';') = 0 AND split_part(a, '=', 1) = split_part(b, '=', 1) THEN
            CASE
                WHEN split_part(a, '=', 2)::integer + split_part(b, '=', 2)::integer = 0 THEN ''
                ELSE split_part(a, '=', 1) || '=' || (split_part(a, '=', 2)::integer + split_part(b, '=', 2)::integer)::text
            END
        ELSE merge_counts_general(a, b)
    END
    $$;
