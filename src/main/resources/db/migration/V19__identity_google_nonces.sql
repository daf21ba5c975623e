-- Nonces handed out for Google sign-in; only their SHA-256 is kept, and each is consumed once.
CREATE TABLE google_nonces
(
    nonce_hash bytea       NOT NULL PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX google_nonces_expires_idx ON google_nonces (expires_at);
