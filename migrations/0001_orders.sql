-- Orders, their items, their status history and the log of applied commands.
-- Times are INTEGER milliseconds since the Unix epoch, UTC. Money is INTEGER
-- minor units of the order's currency.

CREATE TABLE desk_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE orders (
    -- A stable integer key: the search index refers to orders by it, and an
    -- explicit alias survives VACUUM where an implicit rowid may not.
    row_id            INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    order_number      TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL,
    return_to         TEXT,
    priority          TEXT    NOT NULL,
    priority_rank     INTEGER NOT NULL,
    customer_name     TEXT    NOT NULL,
    customer_email    TEXT    NOT NULL,
    customer_phone    TEXT    NOT NULL,
    ship_line1        TEXT    NOT NULL,
    ship_line2        TEXT    NOT NULL,
    ship_city         TEXT    NOT NULL,
    ship_region       TEXT    NOT NULL,
    ship_postal_code  TEXT    NOT NULL,
    ship_country      TEXT    NOT NULL,
    currency          TEXT    NOT NULL,
    subtotal_minor    INTEGER NOT NULL CHECK (subtotal_minor >= 0),
    tax_minor         INTEGER NOT NULL CHECK (tax_minor >= 0),
    shipping_minor    INTEGER NOT NULL CHECK (shipping_minor >= 0),
    discount_minor    INTEGER NOT NULL CHECK (discount_minor >= 0),
    total_minor       INTEGER NOT NULL CHECK (total_minor >= 0),
    item_count        INTEGER NOT NULL,
    notes             TEXT    NOT NULL,
    tags              TEXT    NOT NULL,   -- JSON array of strings
    event_kind        TEXT,
    event_date        TEXT,               -- YYYY-MM-DD
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    processed_at      INTEGER,
    shipped_at        INTEGER,
    delivered_at      INTEGER
) STRICT;

CREATE INDEX orders_by_created       ON orders (created_at);
CREATE INDEX orders_by_status        ON orders (status, created_at);
CREATE INDEX orders_by_priority      ON orders (priority_rank, created_at);
CREATE INDEX orders_by_customer_name ON orders (customer_name COLLATE NOCASE);
CREATE INDEX orders_by_email         ON orders (customer_email COLLATE NOCASE);
CREATE INDEX orders_by_total         ON orders (total_minor);
CREATE INDEX orders_by_event_date    ON orders (event_date);

CREATE TABLE order_items (
    order_row_id      INTEGER NOT NULL REFERENCES orders (row_id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    product_name      TEXT    NOT NULL,
    sku               TEXT    NOT NULL,
    size              TEXT    NOT NULL,
    colour            TEXT    NOT NULL,
    measurements      TEXT    NOT NULL,   -- JSON array of {name, value, unit}
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor  INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    line_total_minor  INTEGER NOT NULL CHECK (line_total_minor >= 0),
    PRIMARY KEY (order_row_id, position)
) STRICT;

CREATE INDEX order_items_by_sku ON order_items (sku);

CREATE TABLE order_status_history (
    id            INTEGER PRIMARY KEY,
    order_row_id  INTEGER NOT NULL REFERENCES orders (row_id) ON DELETE CASCADE,
    from_status   TEXT,
    to_status     TEXT    NOT NULL,
    changed_at    INTEGER NOT NULL,
    changed_by    TEXT    NOT NULL,
    reason        TEXT,
    source        TEXT    NOT NULL CHECK (source IN ('user', 'system', 'sync'))
) STRICT;

CREATE INDEX order_status_history_by_order ON order_status_history (order_row_id, id);

-- Every applied command, by the id its issuer made: a command seen before is
-- answered from here, never applied twice. Sync's outbox builds on this.
CREATE TABLE applied_commands (
    command_id  TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,
    order_id    TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,         -- the envelope as JSON
    applied_at  INTEGER NOT NULL
) STRICT;

-- Orders per status, kept exact by triggers so the list's counts never scan.
CREATE TABLE status_counts (
    status TEXT PRIMARY KEY,
    count  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER status_counts_on_insert AFTER INSERT ON orders BEGIN
    INSERT INTO status_counts (status, count) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER status_counts_on_update AFTER UPDATE OF status ON orders
WHEN OLD.status <> NEW.status BEGIN
    UPDATE status_counts SET count = count - 1 WHERE status = OLD.status;
    INSERT INTO status_counts (status, count) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER status_counts_on_delete AFTER DELETE ON orders BEGIN
    UPDATE status_counts SET count = count - 1 WHERE status = OLD.status;
END;
