-- Mines and enterprises contain nothing, so their total always equals their own balance: the
-- ledger writer no longer keeps total rows for them (half the balance rows a report writes), and
-- readers take their own rows as their total. The total rows written before are dropped.
DELETE FROM balances
WHERE scope = 1
  AND entity_id IN (SELECT id FROM entities WHERE kind IN ('Mine', 'Enterprise'));
