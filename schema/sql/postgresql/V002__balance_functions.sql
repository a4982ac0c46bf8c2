-- Functions the ledger writer's upsert of balance rows calls, so that one statement adds a delta
-- to a stored row. SQLite registers functions of the same names on each connection (in .NET), so
-- the statement is the same on both engines.

-- Exact decimal addition (numeric + numeric is exact in PostgreSQL).
CREATE FUNCTION dec_add(a numeric, b numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a + b $$;

-- Adds two "id=count;id=count" lists of factor-set report counts, dropping ids whose count
-- reaches zero, ordered by id in byte order (as the application's ordinal comparison).
CREATE FUNCTION merge_counts(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT coalesce(string_agg(id || '=' || total, ';' ORDER BY id COLLATE "C"), '')
    FROM (
        SELECT split_part(pair, '=', 1) AS id, sum(split_part(pair, '=', 2)::integer) AS total
        FROM (
            SELECT unnest(string_to_array(a, ';')) AS pair
            UNION ALL
            SELECT unnest(string_to_array(b, ';'))
        ) AS pairs
        WHERE pair <> ''
        GROUP BY split_part(pair, '=', 1)
        HAVING sum(split_part(pair, '=', 2)::integer) <> 0
    ) AS totals
    $$;
