-- Passkeys (WebAuthn) of staff members, a second factor beside the authenticator app.

-- The WebAuthn user handle of a staff member: random bytes, never their id or e-mail, so an
-- authenticator that reveals it reveals nothing about the person.
CREATE TABLE staff_passkey_users
(
    user_id     uuid  NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    user_handle bytea NOT NULL UNIQUE
);

-- One registered credential. public_key_cose is the credential's public key as the authenticator
-- gave it; attestation_object is kept because the relying-party library reads the key from it when it
-- verifies an assertion. sign_count is the newest signature counter seen: a counter that does not move
-- forward betrays a cloned authenticator.
CREATE TABLE staff_passkeys
(
    id                   uuid        NOT NULL PRIMARY KEY,
    credential_id        bytea       NOT NULL UNIQUE,
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label                text        NOT NULL,
    public_key_cose      bytea       NOT NULL,
    sign_count           bigint      NOT NULL,
    transports           text[]      NOT NULL,
    uv_initialized       boolean     NOT NULL,
    backup_eligible      boolean     NOT NULL,
    backup_state         boolean     NOT NULL,
    attestation_object   bytea       NOT NULL,
    attestation_client_data_json bytea NOT NULL,
    created_at           timestamptz NOT NULL,
    last_used_at         timestamptz
);
CREATE INDEX staff_passkeys_user_idx ON staff_passkeys (user_id);

-- A registration or authentication ceremony in progress: the options (with their challenge) sent to
-- the browser, kept here rather than in an HTTP session so any node can finish it. Finishing deletes
-- the row (DELETE ... RETURNING), so a challenge is answered at most once, whichever node is asked.
CREATE TABLE passkey_ceremonies
(
    id         uuid        NOT NULL PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('registration', 'authentication')),
    challenge  bytea       NOT NULL UNIQUE,
    options    jsonb       NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX passkey_ceremonies_user_idx ON passkey_ceremonies (user_id, purpose);
CREATE INDEX passkey_ceremonies_expires_idx ON passkey_ceremonies (expires_at);
