-- Users sign in with a password checked against an Argon2id PHC string.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

-- Only the SHA-256 of a bearer token is kept.
CREATE TABLE tokens (
    hash       BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);

-- Each order as the domain's JSON, with its whole history beside it.
-- `cursor` is the order's place in the change feed desks pull from.
CREATE TABLE orders (
    id           UUID PRIMARY KEY,
    order_number TEXT NOT NULL UNIQUE,
    cursor       BIGINT NOT NULL UNIQUE,
    document     JSONB NOT NULL,
    history      JSONB NOT NULL
);

-- Every pushed command's verdict, so a re-push is answered, never re-applied.
CREATE TABLE applied (
    desk_id    UUID NOT NULL,
    seq        BIGINT NOT NULL,
    command_id UUID NOT NULL UNIQUE,
    verdict    JSONB NOT NULL,
    PRIMARY KEY (desk_id, seq)
);

-- The last change cursor handed out (one row). Every push locks this row
-- first (SELECT … FOR UPDATE), which is what keeps cursors gap-free for
-- pullers: see `storage::postgres`.
CREATE TABLE sync_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_cursor BIGINT NOT NULL
);
INSERT INTO sync_cursor (id, last_cursor) VALUES (1, 0);
