-- Deduction rule sets chosen by a recorded switch (DeductionRuleSetSwitched), per entity and year,
-- written in the transaction of the event, so readers of the read model (rankings, subscriptions)
-- derive a switched year's deductions as the entity's grain does.
CREATE TABLE deduction_switches (
    entity_id   TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    rule_set_id TEXT    NOT NULL,
    PRIMARY KEY (entity_id, year)
);
CREATE INDEX deduction_switches_year ON deduction_switches (year);
