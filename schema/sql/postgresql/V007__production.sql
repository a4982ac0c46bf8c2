-- Main products stated in reports (issue 19): one row per entity, month and product, replaced as a
-- whole when a report or amendment changes the month. Quantities are in the base unit of the
-- product's measure (schema/policy/products.json). Subtree figures are summed on read, with the
-- month's own balance row for the emissions behind a product.
CREATE TABLE production (
    entity_id    text     NOT NULL,
    year         integer  NOT NULL,
    month        smallint NOT NULL,
    product_code text     NOT NULL,
    quantity     numeric  NOT NULL,
    PRIMARY KEY (entity_id, year, month, product_code)
);
CREATE INDEX production_year ON production (year, entity_id);
