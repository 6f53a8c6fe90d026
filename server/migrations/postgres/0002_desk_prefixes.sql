-- Which desk holds each order-number prefix, so two desks never number
-- orders alike. A desk may hold several (it keeps one it was granted when
-- it moves to another).
CREATE TABLE desk_prefixes (
    prefix     TEXT PRIMARY KEY,
    desk_id    UUID NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
