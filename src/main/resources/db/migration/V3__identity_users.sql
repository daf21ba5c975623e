CREATE TABLE users
(
    id                       uuid        NOT NULL PRIMARY KEY,
    status                   text        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    roles                    text[]      NOT NULL,
    permissions              text[]      NOT NULL DEFAULT '{}',
    email                    text,
    email_verified           boolean     NOT NULL DEFAULT false,
    phone_hash               bytea,
    phone_enc                bytea,
    name                     text,
    date_of_birth_enc        bytea,
    preferred_language       text,
    google_subject           text,
    password_hash            text,
    password_change_required boolean     NOT NULL DEFAULT false,
    password_expires_at      timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    version                  int         NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_email_uq ON users (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_phone_hash_uq ON users (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE UNIQUE INDEX users_google_subject_uq ON users (google_subject) WHERE google_subject IS NOT NULL;
CREATE INDEX users_roles_idx ON users USING gin (roles);
CREATE INDEX users_created_at_idx ON users (created_at DESC, id);

-- One live code per destination (keyed hash); a new code replaces the old one.
CREATE TABLE one_time_codes
(
    destination_hash bytea       NOT NULL PRIMARY KEY,
    channel          text        NOT NULL,
    code_hash        bytea       NOT NULL,
    expires_at       timestamptz NOT NULL,
    failed_attempts  int         NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL
);

-- Refresh tokens are opaque; only their SHA-256 is kept. A family is one sign-in session.
CREATE TABLE refresh_tokens
(
    token_hash bytea       NOT NULL PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_live_by_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

-- Failed password sign-ins per e-mail (keyed hash), whether or not an account exists,
-- so throttling and lockout answer the same for unknown addresses.
CREATE TABLE login_failures
(
    email_hash      bytea       NOT NULL PRIMARY KEY,
    failures        int         NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz
);
