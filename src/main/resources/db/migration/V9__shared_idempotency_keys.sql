-- Replays of unsafe POSTs (shared.idempotency): the first answer is kept per caller and key for 24 hours.
CREATE TABLE idempotency_keys
(
    owner_id       uuid        NOT NULL,
    key            text        NOT NULL,
    request_hash   bytea       NOT NULL,
    response_status int,
    response_body  text,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
