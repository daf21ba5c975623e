-- Rate limits shared by every node: one row per bucket holding the GCRA "theoretical arrival time".
CREATE TABLE rate_limits
(
    bucket text        NOT NULL PRIMARY KEY,
    tat    timestamptz NOT NULL
);
CREATE INDEX rate_limits_tat_idx ON rate_limits (tat);
