-- Production and mine gas become balance components (BalanceComponent.RawCoalOutputT,
-- MethaneDrainedM3, MethaneUtilisedM3): raw coal output for the per-tonne indicators of mines,
-- and methane drained and utilised for the capture-and-use rate. Like every component they add
-- across months and children; rows written before have none of them, which is zero.
ALTER TABLE balances ADD COLUMN raw_coal_output_t numeric NOT NULL DEFAULT 0;
ALTER TABLE balances ADD COLUMN methane_drained_m3 numeric NOT NULL DEFAULT 0;
ALTER TABLE balances ADD COLUMN methane_utilised_m3 numeric NOT NULL DEFAULT 0;
