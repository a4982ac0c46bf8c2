-- Main products stated in reports (issue 19): one row per entity, month and product, replaced as a
-- whole when a report or amendment changes the month. Quantities are in the base unit of the
-- product's measure (schema/policy/products.json); decimals are text, as in V001.
CREATE TABLE production (
    entity_id    TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL,
    product_code TEXT    NOT NULL,
    quantity     TEXT    NOT NULL,
    PRIMARY KEY (entity_id, year, month, product_code)
);
CREATE INDEX production_year ON production (year, entity_id);
