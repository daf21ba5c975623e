-- A staff member's authenticator (TOTP). The secret is encrypted like health data (AEAD, context
-- bound to the user); last_used_step is the newest 30-second step whose code was accepted, so a code
-- is never accepted twice. confirmed_at stays NULL until the first valid code proves the enrolment.
CREATE TABLE staff_totp
(
    user_id        uuid        NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret         bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    confirmed_at   timestamptz,
    last_used_step bigint
);

-- Single-use recovery codes, kept only as a keyed hash (HMAC with the lookup key).
CREATE TABLE staff_recovery_codes
(
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea       NOT NULL,
    issued_at timestamptz NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The password step of a two-step sign-in: an opaque token (SHA-256 kept) good for a few minutes,
-- used up by the sign-in it completes.
CREATE TABLE mfa_challenges
(
    token_hash bytea       NOT NULL PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);
