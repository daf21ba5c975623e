-- Personal-data exports: requested by a user, built by whichever node claims the row first (SKIP LOCKED),
-- kept encrypted until they expire; the content is dropped then, the row stays as a record of the request.
CREATE TABLE personal_data_exports
(
    id           uuid        NOT NULL PRIMARY KEY,
    user_id      uuid        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('PENDING', 'READY', 'EXPIRED', 'FAILED')),
    -- builds that failed; after a few the export is FAILED, so one broken export never blocks the others
    attempts     int         NOT NULL DEFAULT 0,
    requested_at timestamptz NOT NULL,
    ready_at     timestamptz,
    expires_at   timestamptz,
    size         bigint,
    content_enc  bytea,
    CONSTRAINT personal_data_exports_ready CHECK (status <> 'READY' OR (content_enc IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX personal_data_exports_pending_idx ON personal_data_exports (attempts, requested_at) WHERE status = 'PENDING';
CREATE INDEX personal_data_exports_expiry_idx ON personal_data_exports (expires_at) WHERE status = 'READY';
CREATE INDEX personal_data_exports_user_idx ON personal_data_exports (user_id);

-- When an account was erased: its personal fields are gone, the row stays for the bookings and payments
-- that must be kept and that point to it.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
