-- Registry ledger and read model, SQLite (the embedded default).
--
-- Decimals are stored as TEXT: SQLite has no decimal type, and a NUMERIC column would turn them
-- into binary floating point. The driver writes and reads them as exact invariant-culture text.
--
-- The ledger is append-only: every registration, report, amendment, target, lock and move is one
-- row. (entity_id, version) is unique, so two writers racing on one entity cannot both succeed
-- (optimistic concurrency); (entity_id, idempotency_key) is unique, so a retried request can never
-- be recorded twice. The read model is written in the same transaction as the ledger row, so a
-- committed event and the balances it produced become visible together, or not at all.

CREATE TABLE ledger (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_id       text        NOT NULL,
    version         bigint      NOT NULL,
    type            text        NOT NULL,
    payload         text        NOT NULL,
    actor           text        NOT NULL,
    idempotency_key text        NULL,
    recorded_at     text        NOT NULL,
    CONSTRAINT ledger_entity_version UNIQUE (entity_id, version)
);
CREATE UNIQUE INDEX ledger_entity_idempotency ON ledger (entity_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE entities (
    id            text        PRIMARY KEY,
    kind          text        NOT NULL,
    name          text        NOT NULL,
    name_zh       text        NOT NULL,
    parent_id     text        NULL REFERENCES entities (id),
    pilots        text        NOT NULL,
    base_year     integer     NOT NULL,
    grid_region   text        NOT NULL,
    status        text        NOT NULL,
    version       bigint      NOT NULL,
    registered_at text        NOT NULL
);
CREATE INDEX entities_parent ON entities (parent_id);
CREATE INDEX entities_kind ON entities (kind);

-- One row per entity, year, month (0 = the whole year) and scope (0 = own reports, 1 = the body
-- and everything under it). Every figure is an additive component (see Balance in the accounting
-- library), so rows are maintained by adding exact deltas: Σ children = parent by construction.
CREATE TABLE balances (
    entity_id                       text     NOT NULL,
    year                            integer  NOT NULL,
    month                           smallint NOT NULL,
    scope                           smallint NOT NULL,
    fuel_combustion_tce             text     NOT NULL,
    feedstock_tce                   text     NOT NULL,
    biomass_tce                     text     NOT NULL,
    clean_fuel_tce                  text     NOT NULL,
    grid_electricity_tce            text     NOT NULL,
    green_certified_electricity_tce text     NOT NULL,
    on_site_renewable_tce           text     NOT NULL,
    electricity_equal_value_tce     text     NOT NULL,
    heat_tce                        text     NOT NULL,
    renewable_baseline_tce          text     NOT NULL,
    combustion_carbon_tc            text     NOT NULL,
    biomass_carbon_tc               text     NOT NULL,
    process_co2_tco2                text     NOT NULL,
    methane_released_tch4           text     NOT NULL,
    methane_released_tco2e          text     NOT NULL,
    flare_co2_tco2                  text     NOT NULL,
    electricity_location_tco2       text     NOT NULL,
    electricity_market_tco2         text     NOT NULL,
    heat_tco2                       text     NOT NULL,
    sink_removals_tco2              text     NOT NULL,
    ccus_removals_tco2              text     NOT NULL,
    value_added_wan_yuan            text     NOT NULL,
    parts_without_value_added       integer  NOT NULL,
    report_count                    integer  NOT NULL,
    factor_sets                     text     NOT NULL,
    row_version                     bigint   NOT NULL,
    PRIMARY KEY (entity_id, year, month, scope)
);
CREATE INDEX balances_ranking ON balances (year, month, scope);
