-- Access tokens revoked before they expire. A row names one session (the access token's "sid", the
-- refresh-token family) or a user whose tokens issued before an instant are dead (suspension, password
-- change). Rows live as long as the longest access token could, then they are purged. Every node keeps
-- them in memory: loaded at start, kept current by the notification below and a short poll.
CREATE TABLE session_revocations
(
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id     uuid,
    user_id        uuid,
    revoked_before timestamptz,
    expires_at     timestamptz NOT NULL,
    -- the database's own clock, for the poll that catches what a node's listener missed
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT session_revocations_one_subject CHECK ((session_id IS NULL) <> (user_id IS NULL)),
    CONSTRAINT session_revocations_user_cut CHECK (user_id IS NULL OR revoked_before IS NOT NULL)
);
CREATE INDEX session_revocations_recorded_idx ON session_revocations (recorded_at);
CREATE INDEX session_revocations_expires_idx ON session_revocations (expires_at);

-- Sent at commit (and never on rollback) to every connection listening on the channel, so a revocation
-- reaches all nodes within milliseconds, also one an operator inserts by hand.
-- Payload: "session <sid> <expires ms>" or "user <id> <revoked-before ms> <expires ms>".
CREATE FUNCTION session_revocations_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('medbook_session_revocations',
                      CASE
                          WHEN NEW.session_id IS NOT NULL THEN
                              'session ' || NEW.session_id || ' ' ||
                              floor(extract(EPOCH FROM NEW.expires_at) * 1000)::bigint
                          ELSE
                              'user ' || NEW.user_id || ' ' ||
                              floor(extract(EPOCH FROM NEW.revoked_before) * 1000)::bigint || ' ' ||
                              floor(extract(EPOCH FROM NEW.expires_at) * 1000)::bigint
                          END);
    RETURN NULL;
END
$$;
CREATE TRIGGER session_revocations_notify
    AFTER INSERT
    ON session_revocations
    FOR EACH ROW
EXECUTE FUNCTION session_revocations_notify();
