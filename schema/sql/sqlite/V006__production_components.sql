-- Production and mine gas become balance components (BalanceComponent.RawCoalOutputT,
-- MethaneDrainedM3, MethaneUtilisedM3): raw coal output for the per-tonne indicators of mines,
-- and methane drained and utilised for the capture-and-use rate. Decimals are text, as in V001;
-- rows written before have none of them, which is zero.
ALTER TABLE balances ADD COLUMN raw_coal_output_t TEXT NOT NULL DEFAULT '0';
ALTER TABLE balances ADD COLUMN methane_drained_m3 TEXT NOT NULL DEFAULT '0';
ALTER TABLE balances ADD COLUMN methane_utilised_m3 TEXT NOT NULL DEFAULT '0';
