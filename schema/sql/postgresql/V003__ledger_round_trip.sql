-- The ledger writer sends a whole group commit to PostgreSQL in one round trip: the writer lock,
-- entity rows, the ledger rows and every balance delta, as one implicit transaction. Its ancestor
-- chains come from a cache in the writer (a recursive query per transaction cost a round trip),
-- so the batch first checks that each (entity, parent) link it assumed is still the stored one.
-- A move committed by another silo makes the check fail: the batch rolls back whole and the
-- writer reloads its chains. The check runs under the writer lock, after every earlier commit.
CREATE FUNCTION check_parents(ids text[], parents text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM unnest(ids, parents) AS link(id, parent_id)
        LEFT JOIN entities e ON e.id = link.id
        WHERE e.id IS NULL OR e.parent_id IS DISTINCT FROM link.parent_id
    ) THEN
        RAISE EXCEPTION 'an ancestor chain changed since the writer cached it' USING ERRCODE = 'CR001';
    END IF;
END
$$;

-- Balance rows are updated in place all the time (every delta): room on each page lets
-- PostgreSQL keep the new version on the same page (a HOT update, no index entries).
ALTER TABLE balances SET (fillfactor = 70);
