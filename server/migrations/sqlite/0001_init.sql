-- Users sign in with a password checked against an Argon2id PHC string.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

-- Only the SHA-256 of a bearer token is kept. Expiry in Unix milliseconds.
CREATE TABLE tokens (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);

-- Each order as the domain's JSON, with its whole history beside it.
-- `cursor` is the order's place in the change feed desks pull from.
CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    order_number TEXT NOT NULL UNIQUE,
    cursor       INTEGER NOT NULL UNIQUE,
    document     TEXT NOT NULL,
    history      TEXT NOT NULL
);

-- Every pushed command's verdict, so a re-push is answered, never re-applied.
CREATE TABLE applied (
    desk_id    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    command_id TEXT NOT NULL UNIQUE,
    verdict    TEXT NOT NULL,
    PRIMARY KEY (desk_id, seq)
);

-- The last change cursor handed out (one row).
CREATE TABLE sync_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_cursor INTEGER NOT NULL
);
INSERT INTO sync_cursor (id, last_cursor) VALUES (1, 0);
