-- Sync with the Packdesk server: the outbox of commands the server has not
-- acknowledged yet, the last state the server sent for each order (the base
-- that local, unacknowledged commands are replayed on), and the commands the
-- server rejected, kept until a person decides what to do with them.

CREATE TABLE outbox (
    -- The per-desk sequence number the server deduplicates on. AUTOINCREMENT
    -- so a number is never reused after its entry is acknowledged and deleted.
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id  TEXT    NOT NULL UNIQUE,
    order_id    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX outbox_by_order ON outbox (order_id, seq);

-- What this desk did before it could sync goes up on its first sync.
INSERT INTO outbox (command_id, order_id, created_at)
SELECT command_id, order_id, applied_at FROM applied_commands ORDER BY applied_at, rowid;

CREATE TABLE server_orders (
    order_id TEXT    PRIMARY KEY,
    cursor   INTEGER NOT NULL,
    state    TEXT    NOT NULL          -- JSON OrderChange: the order and its history
) STRICT;

CREATE TABLE sync_conflicts (
    command_id  TEXT    PRIMARY KEY,
    order_id    TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,      -- the rejected envelope, as JSON
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution  TEXT CHECK (resolution IN ('kept_server', 'applied_again'))
) STRICT;
