-- Shipping: shipments (rates, the purchase journal, tracking), the label files
-- kept for offline reprints, package templates, this desk's printers and its
-- print queue. Times are INTEGER ms since the epoch, UTC; money INTEGER minor
-- units; sizes and weights INTEGER tenths of an inch / ounce.

CREATE TABLE shipments (
    id                  TEXT    PRIMARY KEY,
    order_row_id        INTEGER NOT NULL REFERENCES orders (row_id) ON DELETE CASCADE,
    -- quoted → buying → bought (→ voided); waiting = queued while offline.
    -- `buying` is committed before the carrier is asked to buy, so a crash
    -- or timeout is resumed by asking the carrier, never by buying again.
    state               TEXT    NOT NULL
                        CHECK (state IN ('quoted', 'buying', 'bought', 'voided', 'waiting')),
    carrier_shipment_id TEXT    UNIQUE,
    length_tenths       INTEGER NOT NULL,
    width_tenths        INTEGER NOT NULL,
    height_tenths       INTEGER NOT NULL,
    weight_tenths       INTEGER NOT NULL,
    rates               TEXT    NOT NULL DEFAULT '[]',   -- JSON [RateView]
    messages            TEXT    NOT NULL DEFAULT '[]',   -- JSON [string]
    -- What to buy: a JSON RatePick, kept while buying or waiting.
    pick                TEXT,
    -- The id of the ShipOrder command the purchase will be recorded under.
    buy_command_id      TEXT,
    print_on_buy        INTEGER NOT NULL DEFAULT 0,
    carrier             TEXT,
    service             TEXT,
    cost_minor          INTEGER,
    currency            TEXT,
    tracking_code       TEXT,
    tracker_id          TEXT,
    tracking_status     TEXT,
    tracking_events     TEXT    NOT NULL DEFAULT '[]',   -- JSON [TrackingEventView]
    est_delivery        INTEGER,
    error               TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;

CREATE INDEX shipments_by_order ON shipments (order_row_id, created_at);
CREATE INDEX shipments_by_state ON shipments (state);

CREATE TABLE label_files (
    shipment_id TEXT NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    format      TEXT NOT NULL CHECK (format IN ('png', 'pdf', 'zpl')),
    bytes       BLOB NOT NULL,
    PRIMARY KEY (shipment_id, format)
) STRICT;

CREATE TABLE printers (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    dpi             INTEGER NOT NULL,
    label_width     INTEGER NOT NULL,
    label_height    INTEGER NOT NULL,
    used_for        TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE print_jobs (
    id              TEXT    PRIMARY KEY,
    printer_id      TEXT    NOT NULL REFERENCES printers (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    order_numbers   TEXT    NOT NULL DEFAULT '[]',       -- JSON [string]
    name            TEXT    NOT NULL,
    format          TEXT    NOT NULL CHECK (format IN ('pdf', 'zpl', 'png')),
    bytes           BLOB    NOT NULL,
    state           TEXT    NOT NULL
                    CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    printed_at      INTEGER
) STRICT;

CREATE INDEX print_jobs_due ON print_jobs (state, next_attempt_at);
CREATE INDEX print_jobs_by_created ON print_jobs (created_at);
